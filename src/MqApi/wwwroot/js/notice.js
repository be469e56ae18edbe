// The page-wide notice: what went wrong, in the server's words. A permission refusal names its status and
// RabbitMQ's reason (403 not_authorised, 404 for a vhost the user may not see), so a user can tell "not
// allowed" from "not there".
import { ApiError } from "./api.js";
import { $ } from "./dom.js";
import { hubErrorMessage } from "./hub.js";

const notice = () => $("notice");

export function describe(error) {
  if (error instanceof ApiError) {
    const kind = error.error ? ` ${error.error}` : "";
    return `${error.status}${kind}: ${error.message}`;
  }
  return hubErrorMessage(error);
}

export function showNotice(text, kind = "error") {
  notice().textContent = text;
  notice().dataset.kind = kind;
  notice().hidden = false;
}

export function hideNotice() {
  notice().hidden = true;
  notice().textContent = "";
}
