/*
 * i915_drm.h -- userspace interface of the i915 GEM ioctls
 */

#ifndef _I915_DRM_H_
#define _I915_DRM_H_

#include <linux/types.h>
#include <linux/ioctl.h>

#define DRM_I915_GEM_CREATE	0x1b
#define DRM_I915_GEM_PREAD	0x1c
#define DRM_I915_GEM_PWRITE	0x1d
#define DRM_I915_GEM_MMAP_GTT	0x24
#define DRM_I915_GEM_EVICT	0x2a
#define DRM_I915_GEM_USERPTR	0x2b

#define DRM_IOCTL_I915_GEM_CREATE \
	_IOWR('d', 0x40 + DRM_I915_GEM_CREATE, struct drm_i915_gem_create)
#define DRM_IOCTL_I915_GEM_PREAD \
	_IOW('d', 0x40 + DRM_I915_GEM_PREAD, struct drm_i915_gem_pread)
#define DRM_IOCTL_I915_GEM_PWRITE \
	_IOW('d', 0x40 + DRM_I915_GEM_PWRITE, struct drm_i915_gem_pwrite)
#define DRM_IOCTL_I915_GEM_MMAP_GTT \
	_IOWR('d', 0x40 + DRM_I915_GEM_MMAP_GTT, struct drm_i915_gem_mmap_gtt)
#define DRM_IOCTL_I915_GEM_EVICT \
	_IOW('d', 0x40 + DRM_I915_GEM_EVICT, struct drm_i915_gem_evict)
#define DRM_IOCTL_I915_GEM_USERPTR \
	_IOWR('d', 0x40 + DRM_I915_GEM_USERPTR, struct drm_i915_gem_userptr)

struct drm_i915_gem_create {
	uint64_t size;
	uint32_t handle;
	uint32_t pad;
};

struct drm_i915_gem_pread {
	uint32_t handle;
	uint32_t pad;
	uint64_t offset;
	uint64_t size;
	uint64_t data_ptr;
};

struct drm_i915_gem_pwrite {
	uint32_t handle;
	uint32_t pad;
	uint64_t offset;
	uint64_t size;
	uint64_t data_ptr;
};

struct drm_i915_gem_mmap_gtt {
	uint32_t handle;
	uint32_t pad;
	/* fake offset to hand to mmap() on the device node */
	uint64_t offset;
};

struct drm_i915_gem_evict {
	uint32_t handle;
	uint32_t pad;
};

struct drm_i915_gem_userptr {
	uint64_t user_ptr;
	uint64_t user_size;
	uint32_t flags;
	uint32_t handle;
};

#endif /* _I915_DRM_H_ */
