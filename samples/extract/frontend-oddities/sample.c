/* Things a line-based reader gets wrong. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; struct mutex other; };

#if 0
static void disabled(struct drm_device *dev)
{
	mutex_lock(&dev->other);
#else
static void enabled(struct drm_device *dev)
{
	mutex_lock(&dev->struct_mutex);
	mutex_unlock(&dev->struct_mutex);
#endif
}

#ifdef CONFIG_ONE
static int two_heads(struct drm_device *dev)
#else
static int two_heads(struct drm_device *dev, int unused)
#endif
{
	const char *s = "mutex_lock(&dev->other); { unbalanced";
	char c = '{';

	/* mutex_lock(&dev->other); in a comment */
	mutex_lock(&dev->struct_mutex); \
	mutex_unlock(&dev->struct_mutex);
	return s[0] + c;
}

static int
return_type_on_its_own_line(struct drm_device *dev)
{
	int v = ({ int t = 0; mutex_lock(&dev->other); mutex_unlock(&dev->other); t; });

	return v;
}

void takes_and_returns(struct drm_device *dev) __acquires(&dev->struct_mutex)
{
	mutex_lock(&dev->struct_mutex);
}

SAMPLE_DEFINE_HANDLER(sample_handler)
{
	mutex_lock(&dev->other);
	mutex_unlock(&dev->other);
}

static int __init __attribute__((cold)) attributed(struct drm_device *dev)
{
	takes_and_returns(dev);
	kmalloc(8, GFP_KERNEL);
	mutex_unlock(&dev->struct_mutex);
	return 0;
}

static void stray_brace(struct drm_device *dev)
{
	if (dev) {
		mutex_lock(&dev->other);
	}}
}

static void unterminated(struct drm_device *dev)
{
	if (dev) {
		mutex_lock(&dev->other);
