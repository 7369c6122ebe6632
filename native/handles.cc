// Opaque JS handles (handles.h): one registry per environment holds every live holder, so the ones
// the GC has not collected are freed at teardown, and the handles' template (V8 caches every
// template it instantiates for good, so one per environment).
#include "handles.h"

#include <node.h>

#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace torchts {
namespace {

struct HandleRegistry {
  std::unordered_set<HandleHolder*> holders;
  v8::Global<v8::ObjectTemplate> handleTemplate;
};

std::mutex registriesMutex;
std::unordered_map<const AddonState*, std::unique_ptr<HandleRegistry>> registries;

void freeHolder(HandleHolder* holder) {
  std::unique_ptr<HandleHolder> owned(holder);
  static_cast<HandleRegistry*>(owned->registry)->holders.erase(holder);
  owned->handle.Reset();
}

void onHandleCollected(const v8::WeakCallbackInfo<HandleHolder>& info) { freeHolder(info.GetParameter()); }

void releaseRegistry(void* arg) {
  std::unique_ptr<HandleRegistry> registry;
  {
    std::lock_guard<std::mutex> lock(registriesMutex);
    auto it = registries.find(static_cast<const AddonState*>(arg));
    if (it == registries.end()) return;
    registry = std::move(it->second);
    registries.erase(it);
  }
  while (!registry->holders.empty()) freeHolder(*registry->holders.begin());
  registry->handleTemplate.Reset();
}

HandleRegistry& registryOf(Args& a) {
  std::lock_guard<std::mutex> lock(registriesMutex);
  std::unique_ptr<HandleRegistry>& r = registries[&a.state()];
  if (!r) {
    r = std::make_unique<HandleRegistry>();
    node::AddEnvironmentCleanupHook(a.isolate(), releaseRegistry, &a.state());
  }
  return *r;
}

}  // namespace

v8::Local<v8::Object> wrapHandleOf(Args& a, std::shared_ptr<void> value, const int* tag) {
  v8::Isolate* iso = a.isolate();
  HandleRegistry& registry = registryOf(a);
  if (registry.handleTemplate.IsEmpty()) {
    v8::Local<v8::ObjectTemplate> created = v8::ObjectTemplate::New(iso);
    created->SetInternalFieldCount(2);
    registry.handleTemplate.Reset(iso, created);
  }
  v8::Local<v8::Object> obj = orThrow(registry.handleTemplate.Get(iso)->NewInstance(iso->GetCurrentContext()));
  auto holder = std::make_unique<HandleHolder>(HandleHolder{std::move(value), {}, &registry});
  holder->handle.Reset(iso, obj);
  obj->SetAlignedPointerInInternalField(0, holder.get());
  obj->SetAlignedPointerInInternalField(1, const_cast<int*>(tag));
  registry.holders.insert(holder.get());
  HandleHolder* raw = holder.release();  // owned by the weak callback or the registry from here on
  raw->handle.SetWeak(raw, onHandleCollected, v8::WeakCallbackType::kParameter);
  return obj;
}

HandleHolder* handleHolder(v8::Local<v8::Value> v, const int* tag) {
  if (!v->IsObject()) return nullptr;
  v8::Local<v8::Object> obj = v.As<v8::Object>();
  if (obj->InternalFieldCount() != 2 || obj->GetAlignedPointerFromInternalField(1) != tag) return nullptr;
  return static_cast<HandleHolder*>(obj->GetAlignedPointerFromInternalField(0));
}

}  // namespace torchts
