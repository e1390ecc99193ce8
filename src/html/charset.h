// Character sets of web pages: finding the one a page is in and converting
// it to UTF-8, which the rest of hearsay requires.
//
// The charset is taken, in this order, from a byte-order mark, the HTTP
// Content-Type header (when the caller has one), a <meta charset> or
// <meta http-equiv="Content-Type"> in the first 4 KB, and finally from the
// bytes themselves: valid UTF-8 is UTF-8, anything else is windows-1252 (what
// browsers assume for undeclared Western pages). As browsers do, the labels
// "iso-8859-1", "latin1" and "us-ascii" mean windows-1252, a superset.
//
// Conversion uses glibc's iconv, so every charset it knows works (Shift_JIS,
// KOI8-R, GBK, ...). Bytes invalid in the declared charset become U+FFFD and
// are counted; the output is always valid UTF-8.
//
// Thread safety: the functions keep no state; call them from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hearsay/status.h"

namespace hearsay::html {

// The charset parameter of a Content-Type value ("text/html; charset=UTF-8"
// → "utf-8"), lower-cased and unquoted; "" when absent.
std::string CharsetFromContentType(std::string_view content_type);

// The charset of `page` as described above, lower-cased ("utf-8",
// "windows-1252", "shift_jis", ...). `http_content_type` may be "".
std::string DetectCharset(std::string_view page, std::string_view http_content_type);

// Converts `bytes` from `charset` to UTF-8 in *out (a leading byte-order mark
// is dropped). Invalid sequences become U+FFFD and are added to *replaced.
// An unknown charset falls back to the UTF-8/windows-1252 guess above rather
// than failing: a page with a misspelt label is still readable.
void ConvertToUtf8(std::string_view bytes, std::string_view charset, std::string* out, std::size_t* replaced);

}  // namespace hearsay::html
