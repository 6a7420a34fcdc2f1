/*
 * Start loading memory a thread will soon read or write, every cache
 * line of it, so that the misses are waited on at once rather than one
 * after another.  Only loads: nothing changes.
 */
#ifndef DETECTD_PREFETCH_H
#define DETECTD_PREFETCH_H

#include <stddef.h>
#include <stdint.h>

#define PREFETCH_LINE	64

/* Every line of the n bytes at p, to be read. */
static inline void
prefetch_lines(const void *p, size_t n)
{
	uintptr_t	 a = (uintptr_t)p & ~(uintptr_t)(PREFETCH_LINE - 1);
	uintptr_t	 end = (uintptr_t)p + n;

	for (; a < end; a += PREFETCH_LINE)
		__builtin_prefetch((const void *)a, 0);
}

/*
 * Every line of the n bytes at p, to be written: the other cores'
 * copies are given up now, not at the store.  gcc emits prefetchw only
 * for -mprfchw; processors without it run it as a no-op.
 */
static inline void
prefetch_lines_write(const void *p, size_t n)
{
	uintptr_t	 a = (uintptr_t)p & ~(uintptr_t)(PREFETCH_LINE - 1);
	uintptr_t	 end = (uintptr_t)p + n;

	for (; a < end; a += PREFETCH_LINE) {
#if defined(__x86_64__)
		__asm__ volatile("prefetchw %0" : : "m"(*(const char *)a));
#else
		__builtin_prefetch((const void *)a, 1);
#endif
	}
}

#endif
