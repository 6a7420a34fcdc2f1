/*
 * The daemon's inputs: each configured input followed live and fed to
 * the pipeline.
 */
#include <stdlib.h>

#include "collector/tail.h"
#include "config.h"
#include "detectd.h"
#include "inputs.h"
#include "log.h"
#include "pipeline.h"

static void
input_line(void *arg, struct tail *t, const char *path,
    const struct rline *l)
{
	struct input	*in = arg;

	(void)t;
	pipeline_line(in->env->pl, in->src, path, l);
}

static void
input_restart(void *arg, struct tail *t, int64_t mtime_ms)
{
	struct input	*in = arg;

	(void)t;
	(void)source_restart(in->src, mtime_ms);
}

int
inputs_open(struct detectd *env)
{
	const struct config	*c = env->conf;
	size_t			 i;

	if (c->ninputs == 0) {
		log_warnx("%s: no input configured", c->path);
		return -1;
	}
	if ((env->inputs = calloc(c->ninputs, sizeof(*env->inputs))) == NULL)
		fatal("%s", __func__);
	for (i = 0; i < c->ninputs; i++) {
		env->inputs[i].env = env;
		env->inputs[i].src = source_new(c->inputs[i].name,
		    c->inputs[i].format, 0);
		if (env->inputs[i].src == NULL)
			return -1;
		env->ninputs++;
		env->inputs[i].tail = tail_new(env->base, c->inputs[i].path,
		    c->max_line, c->poll_ms, input_line, input_restart,
		    &env->inputs[i]);
		if (env->inputs[i].tail == NULL)
			return -1;
	}
	return 0;
}

void
inputs_close(struct detectd *env)
{
	size_t	 i;

	for (i = 0; i < env->ninputs; i++) {
		source_report(env->inputs[i].src, env->inputs[i].src->name);
		tail_free(env->inputs[i].tail);
		source_free(env->inputs[i].src);
	}
	free(env->inputs);
	env->inputs = NULL;
	env->ninputs = 0;
}

