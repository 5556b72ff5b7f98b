// An error shown in place, in the reader's language, that can be dismissed; with a retry
// only when trying again can help.
import { AlertCircle, X } from "lucide-react";
import { useTranslation } from "react-i18next";

export function ErrorNote({ message, onDismiss, onRetry }: { message: string; onDismiss?: () => void; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error-note" role="alert">
      <AlertCircle size={18} aria-hidden />
      <span>{message}</span>
      {onRetry && <button type="button" className="button small" onClick={onRetry}>{t("common.retry")}</button>}
      {onDismiss && (
        <button type="button" className="icon-button small" aria-label={t("common.dismiss")} onClick={onDismiss}>
          <X size={16} aria-hidden />
        </button>
      )}
    </div>
  );
}
