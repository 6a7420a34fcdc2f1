/*
 * Bytes as lower-case hex digits and back, for the state files: keys
 * and names may hold any byte, spaces and newlines included; and the
 * %XX escapes of URLs and headers decoded.
 */
#ifndef DETECTD_HEX_H
#define DETECTD_HEX_H

#include <stddef.h>
#include <stdio.h>

/* The value of a hex digit of either case, or -1. */
static inline int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte the two hex digits at p give, or -1. */
static inline int
hex_pair(const char *p)
{
	int	 hi = hex_digit((unsigned char)p[0]), lo;

	if (hi < 0 || (lo = hex_digit((unsigned char)p[1])) < 0)
		return -1;
	return hi << 4 | lo;
}

/*
 * p[0..len) with each %XX decoded into out, at most max bytes (a '%'
 * that two hex digits do not follow is kept); the length written.
 */
size_t	hex_unescape_pct(const char *p, size_t len, char *out, size_t max);
/* len bytes of p as 2 len digits; -1 on a write error. */
int	hex_write(FILE *, const void *p, size_t len);
/* n bytes into out from the 2 n digits at hex; -1 if one is not hex. */
int	hex_read(const char *hex, size_t n, void *out);

#endif
