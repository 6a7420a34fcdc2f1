/*
 * Bytes as lower-case hex digits and back, for the state files: keys
 * and names may hold any byte, spaces and newlines included.
 */
#ifndef DETECTD_HEX_H
#define DETECTD_HEX_H

#include <stddef.h>
#include <stdio.h>

/* len bytes of p as 2 len digits; -1 on a write error. */
int	hex_write(FILE *, const void *p, size_t len);
/* n bytes into out from the 2 n digits at hex; -1 if one is not hex. */
int	hex_read(const char *hex, size_t n, void *out);

#endif
