#include "nlp/word_shape.h"

#include "hearsay/string_store.h"

namespace hearsay::nlp {

std::uint64_t CollapsedShapeId(std::string_view word) {
  char buf[16];
  std::size_t n = 0;
  for (unsigned char c : word) {
    char k;
    if (c >= 'A' && c <= 'Z') {
      k = 'X';
    } else if (c >= 'a' && c <= 'z') {
      k = 'x';
    } else if (c >= '0' && c <= '9') {
      k = 'd';
    } else if (c >= 0xC0) {
      k = 'u';
    } else if (c >= 0x80) {
      continue;  // UTF-8 continuation byte
    } else {
      k = static_cast<char>(c);
    }
    if (n > 0 && buf[n - 1] == k) continue;
    if (n == sizeof buf) break;
    buf[n++] = k;
  }
  return HashString(std::string_view(buf, n));
}

}  // namespace hearsay::nlp
