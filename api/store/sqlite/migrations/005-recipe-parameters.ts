/**
 * A recipe's parameters: the list of `{name, type, default, help, choices,
 * flag, multiple}` that submit forms and `awrecipe help` show and that turns a
 * submit's named `params` into args. Recipes from before have none. A job
 * keeps the params it was submitted with (NULL for args-only submits), so
 * "submit again" can fill the form with them.
 */
export const recipeParameters = `
ALTER TABLE recipes ADD COLUMN parameters TEXT NOT NULL DEFAULT '[]';
ALTER TABLE jobs ADD COLUMN params TEXT;
`;
