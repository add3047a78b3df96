/** The label every object mlportal creates on a cluster carries, so it can find (and only touch) its own. */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'mlportal';
