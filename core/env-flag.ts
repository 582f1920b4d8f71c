/**
 * One reading of a yes/no setting from the environment or a config file
 * (AWE_INSECURE_HTTP, AWE_AGENT_TRUST_USER_CODE, AWE_ANONYMOUS_VISITORS, …):
 * set and not a "no". One rule, so `=true` means the same to every variable.
 */
export const envFlag = (value: string | undefined): boolean => value !== undefined && !/^(|0|false|no|off)$/i.test(value.trim());
