/*
 * A core helper that tests a driver callback: with .free_unlocked set it frees without
 * the device lock, otherwise it may take it. Every driver table in this tree sets
 * .free_unlocked, so the locked branch is never taken here, while the test of a member
 * only some tables set (.prepare) keeps both branches.
 */
struct mutex { int owner; };
struct example_object;
struct example_driver {
	void (*free_unlocked)(struct example_object *obj);
	void (*free)(struct example_object *obj);
	int (*prepare)(struct example_object *obj);
};
struct example_device { struct mutex big_lock; struct mutex prep_lock; struct example_driver *driver; };
struct example_object { struct example_device *dev; int refcount; };

void example_object_put(struct example_object *obj)
{
	struct example_device *dev = obj->dev;

	if (dev->driver->free_unlocked) {
		example_kref_put(obj);
	} else {
		might_lock(&dev->big_lock);
		example_kref_put_locked(obj, &dev->big_lock);
	}
	if (!dev->driver->prepare)
		return;
	mutex_lock(&dev->prep_lock);
	mutex_unlock(&dev->prep_lock);
}

static void alpha_free(struct example_object *obj) { }
static void beta_free(struct example_object *obj) { }
static int beta_prepare(struct example_object *obj) { return 0; }

static struct example_driver alpha_driver = {
	.free_unlocked = alpha_free,
};

static struct example_driver beta_driver = {
	.free_unlocked = beta_free,
	.prepare = beta_prepare,
};
