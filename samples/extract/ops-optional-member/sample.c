/*
 * One ops struct, two tables: the video engine's .begin_use powers the block up under the
 * power lock, the copy engine's table leaves .begin_use unset. engine_reserve() calls
 * .begin_use on whatever engine it is given, when the member is set.
 *
 * - copy_blit() reserves the device's copy engine under the object lock. Which table that
 *   engine has is not known here, so the power lock reached through .begin_use is a guess
 *   ("guessed"): the copy engine never takes it.
 * - video_test() is the video table's own .test callback: its engine holds that table, so
 *   the power lock under the object lock (through video_submit(), two calls down) is sure.
 * - copy_test() is the copy table's callback: its engine has no .begin_use, nothing taken.
 * - engine_kick() calls .kick, a member both tables set: whichever runs takes the kick
 *   lock, so that stays sure even though the engine is not known.
 */
struct mutex { int owner; };
struct engine;
struct engine_funcs {
	void (*begin_use)(struct engine *e);
	int (*test)(struct engine *e);
	void (*kick)(struct engine *e);
};
struct engine_power { struct mutex lock; };
struct engine_dev {
	struct engine_power pm;
	struct mutex obj_lock;
	struct mutex kick_lock;
	struct engine *copy_engine;
};
struct engine { const struct engine_funcs *funcs; struct engine_dev *dev; };

int engine_reserve(struct engine *e, int ndw)
{
	if (e->funcs->begin_use)
		e->funcs->begin_use(e);
	return 0;
}

void engine_kick(struct engine *e)
{
	e->funcs->kick(e);
}

static void video_begin_use(struct engine *e)
{
	mutex_lock(&e->dev->pm.lock);
	mutex_unlock(&e->dev->pm.lock);
}

static void video_kick(struct engine *e)
{
	mutex_lock(&e->dev->kick_lock);
	mutex_unlock(&e->dev->kick_lock);
}

static void copy_kick(struct engine *e)
{
	mutex_lock(&e->dev->kick_lock);
	mutex_unlock(&e->dev->kick_lock);
}

static int video_submit(struct engine *e)
{
	return engine_reserve(e, 16);
}

static int video_test(struct engine *e)
{
	struct engine_dev *dev = e->dev;
	int r;

	mutex_lock(&dev->obj_lock);
	r = video_submit(e);
	mutex_unlock(&dev->obj_lock);
	return r;
}

static int copy_test(struct engine *e)
{
	struct engine_dev *dev = e->dev;
	int r;

	mutex_lock(&dev->obj_lock);
	r = engine_reserve(e, 8);
	mutex_unlock(&dev->obj_lock);
	return r;
}

int copy_blit(struct engine_dev *dev)
{
	struct engine *e = dev->copy_engine;
	int r;

	mutex_lock(&dev->obj_lock);
	r = engine_reserve(e, 32);
	engine_kick(e);
	mutex_unlock(&dev->obj_lock);
	return r;
}

static const struct engine_funcs video_engine_funcs = {
	.begin_use = video_begin_use,
	.test = video_test,
	.kick = video_kick,
};

static const struct engine_funcs copy_engine_funcs = {
	.test = copy_test,
	.kick = copy_kick,
};
