// The room's "Private / Shared" switch (where new drawings, board pages and bookmarks go;
// private by default) and one eye per layer to show or hide it. Always in sight in the
// room's header, coloured by layer so it is obvious which one you are writing into.
import { Eye, EyeOff, Lock, Users } from "lucide-react";
import { useTranslation } from "react-i18next";
import "../styles/draw.css";
import { IconButton } from "../ui/IconButton";
import { useLayers, type LayerName } from "./layers";

const ICON = { private: Lock, shared: Users } as const;

export function LayerSwitch() {
  const { t } = useTranslation();
  const { active, setActive, shown, setShown, live } = useLayers();
  return (
    <div className={`layer-switch is-${active}`} data-testid="layer-switch" data-layer={active}>
      <div className="layer-options" role="radiogroup" aria-label={t("layers.writeTo")}>
        {(["private", "shared"] as LayerName[]).map((layer) => {
          const Icon = ICON[layer];
          return (
            <button key={layer} type="button" role="radio" aria-checked={active === layer} data-testid={`layer-${layer}`}
              className={`layer-option ${layer}`} disabled={layer === "private" && !live.private}
              onClick={() => setActive(layer)}
              onKeyDown={(e) => {
                if (["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(e.key)) {
                  e.preventDefault();
                  const next = layer === "private" ? "shared" : "private";
                  setActive(next);
                  (e.currentTarget.parentElement?.querySelector(`[data-testid=layer-${next}]`) as HTMLElement | null)?.focus();
                }
              }}
              tabIndex={active === layer ? 0 : -1}>
              <Icon size={16} aria-hidden />
              <span>{t(`layers.${layer}`)}</span>
            </button>
          );
        })}
      </div>
      <span className="layer-eyes" role="group" aria-label={t("layers.eyes")}>
        {(["private", "shared"] as LayerName[]).map((layer) => (
          <IconButton key={layer} className={`small eye ${layer}`} data-testid={`show-${layer}`}
            label={t(shown[layer] ? `layers.hideLayer.${layer}` : `layers.showLayer.${layer}`)}
            aria-pressed={shown[layer]} disabled={active === layer}
            icon={shown[layer] ? <Eye size={16} aria-hidden /> : <EyeOff size={16} aria-hidden />}
            onClick={() => setShown(layer, !shown[layer])} />
        ))}
      </span>
    </div>
  );
}
