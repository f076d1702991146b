// The lock calls reviewbot's graph starts from: every mutex, rwsem and spinlock
// acquire or release in the tree, with its position. Used by `make bench` as the
// coccinelle peer of `reviewbot graph` when spatch is installed.
@locks@
expression E;
position p;
@@
(
mutex_lock@p(E)
|
mutex_lock_interruptible@p(E)
|
mutex_lock_killable@p(E)
|
mutex_trylock@p(E)
|
mutex_unlock@p(E)
|
down_read@p(E)
|
down_write@p(E)
|
up_read@p(E)
|
up_write@p(E)
|
spin_lock@p(E)
|
spin_lock_irq@p(E)
|
spin_unlock@p(E)
|
spin_unlock_irq@p(E)
)

@script:python depends on locks@
p << locks.p;
@@
print("%s:%s" % (p[0].file, p[0].line))
