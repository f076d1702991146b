/*
 * The acquire context is a member of a bigger context (`&ctx->ww_ctx`): the lock is still
 * taken in that context, so it backs off instead of deadlocking against its own class.
 */
struct ww_acquire_ctx { int stamp; };
struct example_modeset_lock { struct ww_mutex mutex; };
struct example_acquire_ctx { struct ww_acquire_ctx ww_ctx; bool slow; };

static int example_modeset_lock(struct example_modeset_lock *lock,
				struct example_acquire_ctx *ctx)
{
	if (ctx->slow) {
		ww_mutex_lock_slow(&lock->mutex, &ctx->ww_ctx);
		return 0;
	}
	return ww_mutex_lock(&lock->mutex, &ctx->ww_ctx);
}

int example_lock_plane(struct example_modeset_lock *crtc, struct example_modeset_lock *plane,
		       struct example_acquire_ctx *ctx)
{
	int ret;

	ret = example_modeset_lock(crtc, ctx);
	if (ret)
		return ret;
	return example_modeset_lock(plane, ctx);
}
