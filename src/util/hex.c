/*
 * Hex for the state files: see hex.h.
 */
#include "util/hex.h"

int
hex_write(FILE *fp, const void *p, size_t len)
{
	static const char	 dig[] = "0123456789abcdef";
	const unsigned char	*b = p;
	size_t			 i;

	for (i = 0; i < len; i++)
		if (putc(dig[b[i] >> 4], fp) == EOF ||
		    putc(dig[b[i] & 15], fp) == EOF)
			return -1;
	return 0;
}

int
hex_read(const char *hex, size_t n, void *out)
{
	unsigned char	*o = out;
	size_t		 i;
	int		 hi, lo;

	for (i = 0; i < n; i++) {
		if ((hi = hex_digit((unsigned char)hex[2 * i])) == -1 ||
		    (lo = hex_digit((unsigned char)hex[2 * i + 1])) == -1)
			return -1;
		o[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

size_t
hex_unescape_pct(const char *p, size_t len, char *out, size_t max)
{
	size_t	 i = 0, o = 0;
	int	 b;

	while (i < len && o < max) {
		if (p[i] == '%' && len - i >= 3 &&
		    (b = hex_pair(p + i + 1)) >= 0) {
			out[o++] = (char)b;
			i += 3;
		} else
			out[o++] = p[i++];
	}
	return o;
}
