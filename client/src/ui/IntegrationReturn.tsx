// Back from a recording provider's consent page: says how it went and returns to the space
// that started it (see api/integrations.ts).
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { PROVIDER_NAMES, takeReturn } from "../api/integrations";
import { toast } from "./toast";

export function IntegrationReturn() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    const back = takeReturn(location.search);
    if (!back) return;
    const provider = PROVIDER_NAMES[back.provider];
    if (back.outcome === "connected") toast(t("recordings.connected", { provider }));
    else if (back.outcome === "denied") toast(t("recordings.denied", { provider }), "error");
    else toast(t("recordings.connectFailed", { provider }), "error");
    navigate(back.path, { replace: true });
  }, [location.search, navigate, t]);
  return null;
}
