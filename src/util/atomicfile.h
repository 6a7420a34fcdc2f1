/*
 * State files written whole or not at all: into PATH.tmp, flushed to
 * disk, then renamed over PATH, so that a crash or a full disk leaves
 * the previous file in place.
 */
#ifndef DETECTD_ATOMICFILE_H
#define DETECTD_ATOMICFILE_H

#include <stdio.h>

/* Writes the contents; -1 on error (errno set, or ferror). */
typedef int	(*atomicfile_fn)(FILE *, void *arg);

/* 0, or -1 with the reason logged (the old file is untouched). */
int	atomicfile_write(const char *path, atomicfile_fn, void *arg);

#endif
