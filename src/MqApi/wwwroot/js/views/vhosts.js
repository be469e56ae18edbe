// The virtual-host pickers of the forms.
import { fillSelect } from "../dom.js";

/** Fills a select with the vhosts the user may see, keeping its choice (default "/"). */
export async function fillVhosts(context, select) {
  const vhosts = await context.session().api.listVhosts();
  fillSelect(select, vhosts.map((v) => ({ value: v.name })), select.value || "/", "(no virtual host)");
}
