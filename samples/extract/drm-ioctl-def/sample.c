/* An ioctl table built with DRM_IOCTL_DEF_DRV and DRM_IOCTL_DEF. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; };

int sample_create_ioctl(struct drm_device *dev, void *data, struct drm_file *file)
{
	mutex_lock(&dev->struct_mutex);
	kzalloc(64, GFP_KERNEL);
	mutex_unlock(&dev->struct_mutex);
	return 0;
}

int sample_pwrite_ioctl(struct drm_device *dev, void *data, struct drm_file *file)
{
	return 0;
}

static const struct drm_ioctl_desc sample_ioctls[] = {
	DRM_IOCTL_DEF_DRV(SAMPLE_GEM_CREATE, sample_create_ioctl, DRM_AUTH|DRM_UNLOCKED),
	DRM_IOCTL_DEF(DRM_SAMPLE_GEM_PWRITE, sample_pwrite_ioctl, DRM_AUTH),
	DRM_IOCTL_DEF_DRV(SAMPLE_GEM_MISSING, not_in_this_tree, 0),
};
