/* Text checks shared by every reader of user text: StarRocks identifiers,
 * comments and statements are UTF-8, and a C string cannot hold a NUL
 * byte, so text with either fault is refused where it enters, with its
 * position, rather than passed on raw or cut short. */
#ifndef SR_UTF8_H
#define SR_UTF8_H
#include <stddef.h>

/* Offset of the first byte of s[0..n) that is a NUL or does not start a
 * well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or n when there is none. */
size_t sr_text_fault(const char *s, size_t n);

/* What is wrong at s[at] (after sr_text_fault), for messages:
 * "a NUL byte" or "invalid UTF-8 (byte 0xE9)". */
void sr_text_fault_name(const char *s, size_t at, char *out, size_t cap);

/* 1-based line and column of offset `at` in s (columns count bytes). */
void sr_text_position(const char *s, size_t at, int *line, int *col);

#endif
