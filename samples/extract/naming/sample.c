/* Lock-class names from declarations: parameters, locals, typedefs, helpers. */
#include "sample.h"

static DEFINE_MUTEX(global_list_lock);
static struct drm_i915_private *the_i915;

void names(struct drm_gem_object *gem, struct unknown_thing *u)
{
	struct i915_gem_object *obj = to_intel_bo(gem);
	drm_i915_private_t *dev_priv = to_i915(gem->dev);

	mutex_lock(&obj->base.dev->struct_mutex);
	mutex_lock(&obj->pages_lock);
	spin_lock(&dev_priv->mm.obj_lock);
	spin_lock(&to_i915(gem->dev)->uncore_lock);
	mutex_lock(&global_list_lock);
	spin_lock(&the_i915->uncore_lock);
	mutex_lock(&u->drm.struct_mutex);
	mutex_lock(&container_of(gem, struct i915_gem_object, base)->pages_lock);
	mutex_lock(&dev_priv->drm.struct_mutex);
}
