struct mutex { int owner; };
struct example_obj { struct { struct mutex lock; void *pages; } mm; };
enum example_mm_subclass { /* lockdep subclass for obj->mm.lock */
	EXAMPLE_MM_NORMAL = 0,
	EXAMPLE_MM_SHRINKER
};
void example_put_pages(struct example_obj *obj, enum example_mm_subclass subclass);
