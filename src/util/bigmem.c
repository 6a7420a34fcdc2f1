/*
 * Large table memory with transparent huge pages: see bigmem.h.
 */
#include <sys/mman.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/bigmem.h"

#define BIGMEM_HUGE	(2UL << 20)

static size_t
bigmem_round(size_t size)
{
	return (size + BIGMEM_HUGE - 1) & ~(BIGMEM_HUGE - 1);
}

/* Only advice: where the kernel says no, small pages still work. */
static void
bigmem_advise(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	(void)madvise(p, len, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

/*
 * Map size bytes, rounded up to whole huge pages.  Huge pages back the
 * 2 MiB-aligned stretches of a mapping; the kernel aligns large
 * anonymous mappings itself, and where it does not, only the two ends
 * fall back to small pages.
 */
static void *
bigmem_map(size_t size)
{
	size_t	 len = bigmem_round(size);
	void	*p;

	if (len < size) {
		errno = ENOMEM;
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	bigmem_advise(p, len);
	return p;
}

void *
bigmem_alloc(size_t size)
{
	if (size < BIGMEM_MIN)
		return malloc(size > 0 ? size : 1);
	return bigmem_map(size);
}

void *
bigmem_calloc(size_t size)
{
	if (size < BIGMEM_MIN)
		return calloc(1, size > 0 ? size : 1);
	/* Fresh anonymous pages are zero. */
	return bigmem_map(size);
}

void *
bigmem_realloc(void *p, size_t old, size_t size)
{
	size_t	 olen, len;
	void	*np;

	if (p == NULL)
		return bigmem_alloc(size);
	if (old < BIGMEM_MIN && size < BIGMEM_MIN)
		return realloc(p, size > 0 ? size : 1);
	if (old >= BIGMEM_MIN && size >= BIGMEM_MIN) {
		olen = bigmem_round(old);
		if ((len = bigmem_round(size)) < size) {
			errno = ENOMEM;
			return NULL;
		}
		if (len == olen)
			return p;
		/* The kernel moves page tables, not bytes. */
		if ((np = mremap(p, olen, len, MREMAP_MAYMOVE)) == MAP_FAILED)
			return NULL;
		bigmem_advise(np, len);
		return np;
	}
	/* Across the threshold: copy. */
	if ((np = bigmem_alloc(size)) == NULL)
		return NULL;
	memcpy(np, p, old < size ? old : size);
	bigmem_free(p, old);
	return np;
}

void
bigmem_free(void *p, size_t size)
{
	if (p == NULL)
		return;
	if (size < BIGMEM_MIN)
		free(p);
	else
		munmap(p, bigmem_round(size));
}
