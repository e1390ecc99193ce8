#include "hearsay/model_file.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "hearsay/string_store.h"

namespace hearsay {

Status ByteReader::GetString(std::string* s) {
  std::string_view view;
  HEARSAY_RETURN_IF_ERROR(GetStringView(&view));
  s->assign(view);
  return Status::Ok();
}

Status ByteReader::GetStringView(std::string_view* s) {
  std::uint32_t n = 0;
  HEARSAY_RETURN_IF_ERROR(GetU32(&n));
  if (n > remaining()) return Overrun(n);
  *s = bytes_.substr(pos_, n);
  pos_ += n;
  return Status::Ok();
}

Status ByteReader::ExpectEnd() const {
  if (at_end()) return Status::Ok();
  return Status(StatusCode::kCorruptModel,
                what_ + ": " + std::to_string(remaining()) + " unexpected bytes after the data");
}

Status ByteReader::Overrun(std::uint64_t wanted) const {
  return Status(StatusCode::kCorruptModel, what_ + ": truncated (wanted " + std::to_string(wanted) +
                                               " bytes at offset " + std::to_string(pos_) + ", " +
                                               std::to_string(remaining()) + " left)");
}

std::string ModelWriter::Serialize() const {
  ByteWriter w;
  w.PutRaw(kModelMagic.data(), kModelMagic.size());
  w.PutU32(kModelFormatVersion);
  w.PutString(kind_);
  w.PutString(description_);
  w.PutU32(static_cast<std::uint32_t>(sections_.size()));
  for (const auto& [name, bytes] : sections_) {
    w.PutString(name);
    w.PutU64(bytes.size());
    w.PutRaw(bytes.data(), bytes.size());
  }
  w.PutU64(HashString(w.bytes()));
  return w.Release();
}

Status ModelWriter::WriteFile(const std::string& path) const {
  const std::string image = Serialize();
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Status(StatusCode::kIoError, temp + ": cannot create");
    out.write(image.data(), static_cast<std::streamsize>(image.size()));
    if (!out) return Status(StatusCode::kIoError, temp + ": write failed");
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) return Status(StatusCode::kIoError, path + ": cannot rename from " + temp + ": " + ec.message());
  return Status::Ok();
}

Result<ModelFile> ModelFile::Load(const std::string& path, std::string_view expected_kind) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status(errno == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                  path + ": cannot open model file");
  }
  std::string image;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) image.resize(size);
  const std::size_t got = image.empty() ? 0 : std::fread(image.data(), 1, image.size(), f);
  std::fclose(f);
  if (ec || got != image.size()) return Status(StatusCode::kIoError, path + ": cannot read model file");
  return Parse(std::move(image), path, expected_kind);
}

Result<ModelFile> ModelFile::Parse(std::string image, const std::string& name,
                                   std::string_view expected_kind) {
  ModelFile file;
  file.image_ = std::move(image);
  file.name_ = name;
  const std::string_view all(file.image_);
  auto corrupt = [&](const std::string& why) { return Status(StatusCode::kCorruptModel, name + ": " + why); };
  if (all.size() < kModelMagic.size() + 4 + 8 || !all.starts_with(kModelMagic))
    return corrupt("not a hearsay model file (bad magic)");
  std::uint64_t stored = 0;
  std::memcpy(&stored, all.data() + all.size() - 8, 8);
  ByteReader r(all.substr(0, all.size() - 8), name);
  std::string magic(kModelMagic.size(), '\0');
  HEARSAY_RETURN_IF_ERROR(r.GetRaw(magic.data(), magic.size()));
  HEARSAY_RETURN_IF_ERROR(r.GetU32(&file.version_));
  if (file.version_ != kModelFormatVersion) {
    return Status(StatusCode::kVersionMismatch,
                  name + ": model format version " + std::to_string(file.version_) +
                      ", but this build reads version " + std::to_string(kModelFormatVersion) +
                      (file.version_ > kModelFormatVersion ? " (upgrade hearsay)" : " (retrain the model)"));
  }
  if (stored != HashString(all.substr(0, all.size() - 8)))
    return corrupt("checksum mismatch (the file is truncated or damaged)");
  HEARSAY_RETURN_IF_ERROR(r.GetString(&file.kind_));
  HEARSAY_RETURN_IF_ERROR(r.GetString(&file.description_));
  if (!expected_kind.empty() && file.kind_ != expected_kind) {
    return Status(StatusCode::kInvalidArgument,
                  name + ": a '" + file.kind_ + "' model, not a '" + std::string(expected_kind) + "' model");
  }
  std::uint32_t count = 0;
  HEARSAY_RETURN_IF_ERROR(r.GetU32(&count));
  for (std::uint32_t i = 0; i < count; ++i) {
    SectionEntry entry;
    HEARSAY_RETURN_IF_ERROR(r.GetString(&entry.name));
    std::uint64_t size = 0;
    HEARSAY_RETURN_IF_ERROR(r.GetU64(&size));
    entry.offset = r.position();
    entry.size = size;
    HEARSAY_RETURN_IF_ERROR(r.Skip(size));
    file.sections_.push_back(std::move(entry));
  }
  HEARSAY_RETURN_IF_ERROR(r.ExpectEnd());
  return file;
}

std::vector<std::pair<std::string, std::size_t>> ModelFile::SectionList() const {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const auto& s : sections_) out.emplace_back(s.name, s.size);
  return out;
}

bool ModelFile::HasSection(std::string_view section) const {
  for (const auto& s : sections_)
    if (s.name == section) return true;
  return false;
}

Result<ByteReader> ModelFile::Section(std::string_view section) const {
  for (const auto& s : sections_) {
    if (s.name == section) {
      return ByteReader(std::string_view(image_).substr(s.offset, s.size),
                        name_ + " section '" + s.name + "'");
    }
  }
  return Status(StatusCode::kCorruptModel, name_ + ": no section '" + std::string(section) + "'");
}

}  // namespace hearsay
