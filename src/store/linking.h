// The keys and similarity that link records across articles: pure
// functions, so that linking is testable without a store and gives the same
// answer whatever the order documents arrive in.
//
//   * speakers: one record per (kind, NameKey(name)); "Ingrid
//     Solberg-Ødegaard", "INGRID SOLBERG-ODEGAARD" and "Dr. Ingrid
//     Solberg-Ødegaard" share a key, "Ingrid Solberg" and "Erna Solberg" do
//     not. A one-word person name ("Solberg", what the article itself could
//     not resolve to a full name) joins a full-name record only when exactly
//     one person with that surname is stored.
//   * quotations: word shingles of the normalised content, a MinHash
//     signature, LSH bands to find candidates and the estimated Jaccard
//     similarity to decide (>= kQuoteJaccardThreshold).
//   * cited documents: CitedDocumentKey (normalised name, issuer and date);
//     a generic name without issuer ("the report") is never linked across
//     articles.
//
// Thread safety: all functions are pure.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearsay::store {

// Case-folded, accents removed (NFKD, marks stripped), titles ("Mr.",
// "Dr.", "President" is not a title here: roles are kept apart by the
// extractor) and punctuation other than inner hyphens and apostrophes
// dropped, words separated by one space. "" when nothing is left.
std::string NameKey(std::string_view name);
// A speaker's name for display: punctuation and symbols around it dropped
// ("___  DONALD TRUMP" → "DONALD TRUMP", "| Trump" → "Trump"), runs of
// spaces made one. Of a speaker's names, the store shows the one with
// lowercase letters (not all capitals), then the longest.
std::string TidyName(std::string_view name);
// The last word of a NameKey ("" for "").
std::string_view SurnameOf(std::string_view name_key);
// True for a key of one word.
bool IsSingleWord(std::string_view name_key);

// The lowercase words (letters and digits, accents removed) of a text, the
// unit of quotation shingles.
std::vector<std::string> QuoteWords(std::string_view text);

inline constexpr int kMinHashSize = 64;     // signature length
inline constexpr int kMinHashBands = 16;    // LSH bands of kMinHashSize / kMinHashBands rows
inline constexpr int kShingleWords = 3;     // words per shingle
inline constexpr int kMinClusterWords = 5;  // shorter quotations are not clustered
inline constexpr double kQuoteJaccardThreshold = 0.6;

using MinHashSignature = std::array<std::uint32_t, kMinHashSize>;

// The MinHash of the word kShingleWords-grams of `words` (of the whole
// sequence when shorter). `words` must not be empty.
MinHashSignature ComputeMinHash(const std::vector<std::string>& words);
// One 63-bit hash per band (non-negative, fits SQLite's INTEGER).
std::array<std::int64_t, kMinHashBands> BandHashes(const MinHashSignature& signature);
// The fraction of equal positions: an estimate of the Jaccard similarity.
double EstimatedJaccard(const MinHashSignature& a, const MinHashSignature& b);
// Little-endian bytes, and back (false on a blob of the wrong size).
std::string SignatureToBlob(const MinHashSignature& signature);
bool SignatureFromBlob(std::string_view blob, MinHashSignature* signature);

// The cross-article key of a cited document, or "" when its name is too
// generic to link without an issuer ("the report", "a statement"): the
// caller then keys it to its own article.
std::string CitedDocumentKey(std::string_view name, std::string_view issuer, std::string_view resolved_date);
// The head noun of a cited document's name ("report" for "the Amnesty
// International report"), lowercase; "document" when there is no word.
std::string CitedDocumentKind(std::string_view name);

// A 128-bit hash of `parts` (each length-prefixed, so part boundaries
// count), as 32 lowercase hex digits. Stable across builds and machines.
std::string ContentHash(const std::vector<std::string_view>& parts);

// The YYYY-MM-DD prefix of an ISO 8601 date or date-time, else "".
std::string DayOf(std::string_view published);

}  // namespace hearsay::store
