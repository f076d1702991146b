/*
 * A lockdep subclass named by an enumerator declared in a header, given directly or
 * passed down as a parameter: the shrinker path takes obj->mm.lock at subclass 1, the
 * normal paths at 0.
 */
#include "example_gem.h"
void example_put_pages(struct example_obj *obj, enum example_mm_subclass subclass)
{
	mutex_lock_nested(&obj->mm.lock, subclass);
	obj->mm.pages = NULL;
	mutex_unlock(&obj->mm.lock);
}
int example_get_pages(struct example_obj *obj)
{
	mutex_lock(&obj->mm.lock);
	obj->mm.pages = kmalloc(64, GFP_KERNEL);
	mutex_unlock(&obj->mm.lock);
	return 0;
}
unsigned long example_shrink(struct example_obj *obj)
{
	example_put_pages(obj, EXAMPLE_MM_SHRINKER);
	mutex_lock_nested(&obj->mm.lock, EXAMPLE_MM_SHRINKER);
	mutex_unlock(&obj->mm.lock);
	return 0;
}
void example_free(struct example_obj *obj)
{
	example_put_pages(obj, EXAMPLE_MM_NORMAL);
}
