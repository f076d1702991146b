/* Two instances of one class, the inner one annotated with a subclass. */
struct mutex { int owner; };
struct spinlock { int raw; };
struct node { struct mutex lock; struct spinlock list_lock; };

void lock_pair(struct node *parent, struct node *child)
{
	mutex_lock(&parent->lock);
	mutex_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);
	spin_lock(&parent->list_lock);
	spin_lock_nested(&child->list_lock, 1);
	spin_unlock(&child->list_lock);
	spin_unlock(&parent->list_lock);
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}
