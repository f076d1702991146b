/*
 * The atomic fast path calls a helper that writes to user memory; the helper
 * runs with page faults disabled by its caller, so it cannot fault and takes
 * no mmap_lock there.  The slow path calls the same helper with faults enabled
 * after dropping the lock.
 */
struct reloc_ctx {
	struct mutex lock;
	u64 __user *user_offsets;
};

static int write_back_offset(struct reloc_ctx *ctx, u64 offset)
{
	return __put_user(offset, ctx->user_offsets);
}

int reloc_fast(struct reloc_ctx *ctx, u64 offset)
{
	int err;

	mutex_lock(&ctx->lock);
	pagefault_disable();
	err = write_back_offset(ctx, offset);
	pagefault_enable();
	mutex_unlock(&ctx->lock);
	if (err)
		err = write_back_offset(ctx, offset);
	return err;
}
