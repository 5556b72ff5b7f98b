// Toasts for completed actions ("Space created", "Snapshot saved"): `toast(text)` from
// anywhere; <Toasts/> renders them through Radix Toast (announced politely, swipe to close).
import * as RadixToast from "@radix-ui/react-toast";
import { X } from "lucide-react";
import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";

interface Item {
  id: number;
  text: string;
  tone: "info" | "error";
}

let items: Item[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function toast(text: string, tone: Item["tone"] = "info") {
  items = [...items, { id: next++, text, tone }];
  emit();
}

function dismiss(id: number) {
  items = items.filter((item) => item.id !== id);
  emit();
}

export function Toasts() {
  const { t } = useTranslation();
  const list = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => items,
  );
  return (
    <RadixToast.Provider duration={4000} label={t("common.notifications")}>
      {list.map((item) => (
        <RadixToast.Root key={item.id} className={`toast ${item.tone}`} data-testid="toast"
          onOpenChange={(open) => !open && dismiss(item.id)}>
          <RadixToast.Description>{item.text}</RadixToast.Description>
          <RadixToast.Close className="icon-button small" aria-label={t("common.dismiss")}>
            <X size={16} aria-hidden />
          </RadixToast.Close>
        </RadixToast.Root>
      ))}
      <RadixToast.Viewport className="toast-viewport" label={`${t("common.notifications")} ({hotkey})`} />
    </RadixToast.Provider>
  );
}
