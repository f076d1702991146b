/* for, while, do-while and list_for_each-style macro loops around locks. */
struct mutex { int owner; };
struct spinlock { int raw; };
struct list_head { struct list_head *next; };
struct item { struct list_head link; struct mutex lock; };
struct pool { struct list_head items; struct spinlock lock; int count; };

void walk(struct pool *p)
{
	struct item *it;
	int i;

	for (i = 0; i < p->count; i++) {
		spin_lock(&p->lock);
		spin_unlock(&p->lock);
	}

	list_for_each_entry(it, &p->items, link) {
		mutex_lock(&it->lock);
		kzalloc(8, GFP_KERNEL);
		mutex_unlock(&it->lock);
	}

	while (p->count > 0) {
		spin_lock(&p->lock);
		if (p->count == 3)
			break;
		p->count--;
		spin_unlock(&p->lock);
	}
	kmalloc(4, GFP_KERNEL);

	do {
		mutex_lock(&it->lock);
		mutex_unlock(&it->lock);
	} while (0);
}
