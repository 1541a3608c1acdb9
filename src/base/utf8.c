#include "base/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the well-formed sequence at p[0..n) (Unicode 15 table 3-7),
 * 0 when it is not one. */
static size_t sequence(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  size_t k;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    k = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    k = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    k = 4;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (n < k || p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < k; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return k;
}

size_t sr_text_fault(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* Eight ASCII bytes at a time: schema text is mostly ASCII. */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      /* high bit set, or a zero byte (the classic haszero test) */
      if ((w & 0x8080808080808080ull) ||
          ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
        break;
      i += 8;
    }
    if (i >= n)
      break;
    if (p[i] == 0)
      return i;
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = sequence(p + i, n - i);
    if (!k)
      return i;
    i += k;
  }
  return n;
}

void sr_text_fault_name(const char *s, size_t at, char *out, size_t cap) {
  unsigned char c = (unsigned char)s[at];
  if (!c)
    snprintf(out, cap, "a NUL byte");
  else
    snprintf(out, cap, "invalid UTF-8 (byte 0x%02X)", c);
}

void sr_text_position(const char *s, size_t at, int *line, int *col) {
  int l = 1;
  size_t start = 0;
  for (size_t i = 0; i < at; i++)
    if (s[i] == '\n')
      l++, start = i + 1;
  *line = l;
  *col = (int)(at - start) + 1;
}
