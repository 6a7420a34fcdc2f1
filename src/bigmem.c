/*
 * Large table memory with transparent huge pages: see bigmem.h.
 */
#include <sys/mman.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"

#define BIGMEM_HUGE	(2UL << 20)

static size_t
bigmem_round(size_t size)
{
	return (size + BIGMEM_HUGE - 1) & ~(BIGMEM_HUGE - 1);
}

/*
 * Map size bytes on a 2 MiB boundary: map one huge page more than
 * needed and give back the ends.
 */
static void *
bigmem_map(size_t size)
{
	size_t		 len = bigmem_round(size), head, tail;
	unsigned char	*p, *a;

	if (len + BIGMEM_HUGE < len) {
		errno = ENOMEM;
		return NULL;
	}
	p = mmap(NULL, len + BIGMEM_HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (unsigned char *)(((uintptr_t)p + BIGMEM_HUGE - 1) &
	    ~(uintptr_t)(BIGMEM_HUGE - 1));
	head = (size_t)(a - p);
	tail = BIGMEM_HUGE - head;
	if (head > 0)
		munmap(p, head);
	if (tail > 0)
		munmap(a + len, tail);
#ifdef MADV_HUGEPAGE
	/* Only advice: where the kernel says no, small pages still work. */
	(void)madvise(a, len, MADV_HUGEPAGE);
#endif
	return a;
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
	void	*np;

	if (p == NULL)
		return bigmem_alloc(size);
	if (old < BIGMEM_MIN && size < BIGMEM_MIN)
		return realloc(p, size > 0 ? size : 1);
	/* Mappings come in whole huge pages: there may be room already. */
	if (old >= BIGMEM_MIN && size >= BIGMEM_MIN &&
	    bigmem_round(old) == bigmem_round(size))
		return p;
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
