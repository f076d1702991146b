/* Declarations the naming sample resolves through. */
struct mutex { int owner; };
struct spinlock { int raw; };
struct drm_device { struct mutex struct_mutex; struct drm_driver *driver; };
struct drm_gem_object { struct drm_device *dev; };

typedef struct drm_i915_private {
	struct drm_device drm;
	struct {
		struct spinlock obj_lock;
	} mm;
	struct spinlock uncore_lock;
} drm_i915_private_t;

struct i915_gem_object { struct drm_gem_object base; struct mutex pages_lock; };

static inline struct drm_i915_private *to_i915(const struct drm_device *dev)
{
	return container_of(dev, struct drm_i915_private, drm);
}

#define to_intel_bo(x) container_of(x, struct i915_gem_object, base)
