/* Copies inside pagefault_disable() do not fault; *_inatomic never does. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; };

int fast_copy(struct drm_device *dev, char *dst, const char *src, int len)
{
	int unwritten;

	mutex_lock(&dev->struct_mutex);
	pagefault_disable();
	unwritten = __copy_from_user_inatomic(dst, src, len);
	copy_from_user(dst, src, len);
	pagefault_enable();
	if (unwritten) {
		mutex_unlock(&dev->struct_mutex);
		if (copy_from_user(dst, src, len))
			return -EFAULT;
		mutex_lock(&dev->struct_mutex);
	}
	put_user(0, src);
	mutex_unlock(&dev->struct_mutex);
	return 0;
}
