// A button that shows an icon, named for screen readers, with a tooltip that shows its name
// and shortcut (Radix Tooltip: on hover and on keyboard focus).
import * as Tooltip from "@radix-ui/react-tooltip";
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from "react";

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  label: string;
  shortcut?: string;
  icon: ReactNode;
  /** Shows the label next to the icon too. */
  showLabel?: boolean;
}

export const IconButton = forwardRef<HTMLButtonElement, Props>(function IconButton(
  { label, shortcut, icon, showLabel, className, ...rest },
  ref,
) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <button ref={ref} type="button" aria-label={showLabel ? undefined : label}
          aria-keyshortcuts={shortcut} className={`icon-button ${className ?? ""}`} {...rest}>
          {icon}
          {showLabel && <span>{label}</span>}
        </button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip" sideOffset={6}>
          {label}
          {shortcut && <kbd>{shortcut}</kbd>}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
});
