import Testing

import LockModelExtract

/// Two tables of one ops struct: only the video table sets `.begin_use`, which takes the
/// power lock; `.kick` is set by both and takes the kick lock.
private let engines = """
  struct mutex { int owner; };
  struct engine;
  struct engine_funcs {
  	void (*begin_use)(struct engine *e);
  	int (*test)(struct engine *e);
  	void (*kick)(struct engine *e);
  };
  struct engine_dev { struct mutex pm_lock; struct mutex kick_lock; struct mutex obj_lock; };
  struct engine { const struct engine_funcs *funcs; struct engine_dev *dev; };
  void engine_reserve(struct engine *e)
  {
  	if (e->funcs->begin_use)
  		e->funcs->begin_use(e);
  	e->funcs->kick(e);
  }
  static void video_begin_use(struct engine *e)
  {
  	mutex_lock(&e->dev->pm_lock);
  	mutex_unlock(&e->dev->pm_lock);
  }
  static void video_kick(struct engine *e)
  {
  	mutex_lock(&e->dev->kick_lock);
  	mutex_unlock(&e->dev->kick_lock);
  }
  static void copy_kick(struct engine *e)
  {
  	mutex_lock(&e->dev->kick_lock);
  	mutex_unlock(&e->dev->kick_lock);
  }
  static int video_test(struct engine *e)
  {
  	mutex_lock(&e->dev->obj_lock);
  	engine_reserve(e);
  	mutex_unlock(&e->dev->obj_lock);
  	return 0;
  }
  static int copy_test(struct engine *e)
  {
  	mutex_lock(&e->dev->obj_lock);
  	engine_reserve(e);
  	mutex_unlock(&e->dev->obj_lock);
  	return 0;
  }
  static const struct engine_funcs video_funcs = {
  	.begin_use = video_begin_use, .test = video_test, .kick = video_kick,
  };
  static const struct engine_funcs copy_funcs = { .test = copy_test, .kick = copy_kick };
  """

private func acquisitions(_ tree: TreeModel, in function: String) -> [String] {
  (tree.functions.first { $0.name == function }?.acquisitions ?? []).map {
    $0.lock.name + ($0.guessed ? " guessed" : "")
  }
}

@Suite("ops tables")
struct OpsTableTests {
  @Test("a member some tables leave unset, called on an unknown object, is only a guess")
  func optionalMemberIsGuessed() {
    let tree = model(engines)
    #expect(acquisitions(tree, in: "engine_reserve")
      == ["engine_dev.pm_lock guessed", "engine_dev.kick_lock"])
  }

  @Test("an ops callback's own object pins the call to its table, a caller down")
  func callbackPinsItsObject() {
    let tree = model(engines)
    #expect(acquisitions(tree, in: "video_test")
      == ["engine_dev.obj_lock", "engine_dev.pm_lock", "engine_dev.kick_lock"])
    #expect(acquisitions(tree, in: "copy_test") == ["engine_dev.obj_lock", "engine_dev.kick_lock"])
  }

  @Test("a core helper other directories' tables hold too is not pinned by its own tables")
  func sharedHelperIsNotPinned() {
    let core = """
      struct mutex { int owner; };
      struct engine;
      struct engine_funcs {
      	void (*begin_use)(struct engine *e);
      	int (*test)(struct engine *e);
      };
      struct engine { const struct engine_funcs *funcs; struct mutex pm_lock; };
      static void core_begin_use(struct engine *e)
      {
      	mutex_lock(&e->pm_lock);
      	mutex_unlock(&e->pm_lock);
      }
      int core_test(struct engine *e)
      {
      	if (e->funcs->begin_use)
      		e->funcs->begin_use(e);
      	return 0;
      }
      static const struct engine_funcs core_funcs = {
      	.begin_use = core_begin_use, .test = core_test,
      };
      static int quiet_test(struct engine *e) { return 0; }
      static const struct engine_funcs quiet_funcs = { .test = quiet_test };
      """
    let driver = """
      static const struct engine_funcs driver_funcs = { .test = core_test };
      """
    let files = [
      FileModel(extracting: SourceFile(path: "core/engine.c", text: core),
        knowledge: bundledKnowledge),
      FileModel(extracting: SourceFile(path: "drv/engine.c", text: driver),
        knowledge: bundledKnowledge),
    ]
    let tree = TreeModel(files: files, knowledge: bundledKnowledge)
    #expect(acquisitions(tree, in: "core_test") == ["engine.pm_lock guessed"])
  }
}
