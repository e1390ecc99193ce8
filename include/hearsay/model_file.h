// Model files: one versioned binary container for every trained component.
//
// Layout (all integers little-endian):
//   8 bytes   magic "HSYMODEL"
//   u32       format version (kModelFormatVersion)
//   string    kind, e.g. "tagger", "parser", "ner"
//   string    description (free text: data, command, scores)
//   u32       number of sections
//   sections  each: string name, u64 size, then size bytes
//   u64       checksum: HashString of every byte before it
// where "string" is a u32 byte length followed by the bytes.
//
// A ModelFile is read with one read() into one buffer and never copied;
// sections are views into it. Loading checks the magic, the version (newer
// files are refused with a message saying so), every length against the file
// size, and the checksum, so truncated or corrupt files fail cleanly with
// kCorruptModel / kVersionMismatch instead of being misread.
//
// ByteWriter/ByteReader (de)serialise the contents of a section; ByteReader
// is bounds-checked and reports kCorruptModel on any overrun.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "hearsay/status.h"

namespace hearsay {

inline constexpr std::string_view kModelMagic = "HSYMODEL";
inline constexpr std::uint32_t kModelFormatVersion = 1;

class ByteWriter {
 public:
  void PutU8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void PutU32(std::uint32_t v) { PutRaw(&v, sizeof v); }
  void PutU64(std::uint64_t v) { PutRaw(&v, sizeof v); }
  void PutF32(float v) { PutRaw(&v, sizeof v); }
  void PutString(std::string_view s) {
    PutU32(static_cast<std::uint32_t>(s.size()));
    bytes_.append(s);
  }
  // A u64 count followed by the raw elements (trivially copyable types only).
  template <typename T, typename A>
  void PutVector(const std::vector<T, A>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    PutU64(v.size());
    PutRaw(v.data(), v.size() * sizeof(T));
  }
  void PutRaw(const void* data, std::size_t size) { bytes_.append(static_cast<const char*>(data), size); }

  const std::string& bytes() const { return bytes_; }
  std::string&& Release() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  // `what` names the data in error messages ("tagger model section 'weights'").
  ByteReader(std::string_view bytes, std::string what) : bytes_(bytes), what_(std::move(what)) {}

  Status GetU8(std::uint8_t* v) { return GetRaw(v, sizeof *v); }
  Status GetU32(std::uint32_t* v) { return GetRaw(v, sizeof *v); }
  Status GetU64(std::uint64_t* v) { return GetRaw(v, sizeof *v); }
  Status GetF32(float* v) { return GetRaw(v, sizeof *v); }
  Status GetString(std::string* s);
  Status GetStringView(std::string_view* s);
  template <typename T, typename A>
  Status GetVector(std::vector<T, A>* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::uint64_t n = 0;
    HEARSAY_RETURN_IF_ERROR(GetU64(&n));
    if (n > remaining() / sizeof(T)) return Overrun(n * sizeof(T));
    v->resize(n);
    return GetRaw(v->data(), n * sizeof(T));
  }
  Status GetRaw(void* out, std::size_t size) {
    if (size > remaining()) return Overrun(size);
    if (size > 0) std::memcpy(out, bytes_.data() + pos_, size);
    pos_ += size;
    return Status::Ok();
  }

  Status Skip(std::uint64_t size) {
    if (size > remaining()) return Overrun(size);
    pos_ += size;
    return Status::Ok();
  }

  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  // kCorruptModel unless every byte was consumed.
  Status ExpectEnd() const;

 private:
  Status Overrun(std::uint64_t wanted) const;

  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::string what_;
};

class ModelWriter {
 public:
  ModelWriter(std::string kind, std::string description)
      : kind_(std::move(kind)), description_(std::move(description)) {}
  void AddSection(std::string name, std::string bytes) {
    sections_.emplace_back(std::move(name), std::move(bytes));
  }
  // The complete file image.
  std::string Serialize() const;
  // Writes atomically (a temporary file renamed over `path`).
  Status WriteFile(const std::string& path) const;

 private:
  std::string kind_;
  std::string description_;
  std::vector<std::pair<std::string, std::string>> sections_;
};

class ModelFile {
 public:
  // Reads and checks `path`; `expected_kind` ("" accepts any) guards against
  // loading, say, a parser file as a tagger.
  static Result<ModelFile> Load(const std::string& path, std::string_view expected_kind);
  // Checks an in-memory image (tests, fuzzing); `name` is used in messages.
  static Result<ModelFile> Parse(std::string image, const std::string& name, std::string_view expected_kind);

  const std::string& kind() const { return kind_; }
  const std::string& description() const { return description_; }
  std::uint32_t version() const { return version_; }
  std::size_t size_bytes() const { return image_.size(); }
  // Section names and sizes, in file order.
  std::vector<std::pair<std::string, std::size_t>> SectionList() const;
  // Whether the file has the named section (for sections a format version
  // made optional, such as a model's word clusters).
  bool HasSection(std::string_view name) const;
  // A reader over the named section, or kCorruptModel if it is missing.
  Result<ByteReader> Section(std::string_view name) const;

 private:
  std::string image_;
  std::string name_;
  std::string kind_;
  std::string description_;
  std::uint32_t version_ = 0;
  struct SectionEntry {
    std::string name;
    std::size_t offset;  // into image_ (offsets, not views: ModelFile is movable)
    std::size_t size;
  };
  std::vector<SectionEntry> sections_;
};

}  // namespace hearsay
