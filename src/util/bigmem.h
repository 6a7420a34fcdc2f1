/*
 * Memory for large tables (analyzer tables, indicator lists).  A table
 * of hundreds of megabytes read at random costs a TLB miss on nearly
 * every lookup with 4 KiB pages, and under virtualisation each miss is
 * a two-level page walk.  Blocks of BIGMEM_MIN bytes or more are mapped
 * on their own and marked for transparent huge pages (madvise), which
 * the kernel grants when its policy is "madvise" or "always"; smaller
 * blocks, where the gain is small, come from malloc.  Growing keeps the
 * contents, and moves page tables rather than bytes (mremap).
 */
#ifndef DETECTD_BIGMEM_H
#define DETECTD_BIGMEM_H

#include <stddef.h>

#define BIGMEM_MIN	(16UL << 20)

/* A block of size bytes, not zeroed; NULL with errno set on failure. */
void	*bigmem_alloc(size_t size);
/* Zeroed. */
void	*bigmem_calloc(size_t size);
/* Grow or shrink p (of old bytes, NULL for none) to size bytes. */
void	*bigmem_realloc(void *p, size_t old, size_t size);
void	 bigmem_free(void *p, size_t size);

#endif
