import { badRequest } from "../errors";

// labels of letters, digits and inner hyphens, at least two of them, the last not all digits
const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?=[a-z0-9-]*[a-z])[a-z0-9-]{2,63}$/;

/**
 * A custom domain as typed (surrounding spaces and capitals forgiven), checked: a host name such as
 * `acme.com`, no scheme, path or address, and never this service's own inbound domain, whose
 * addresses are assigned by inbox and organization name.
 */
export function customDomainName(typed: string, inboundDomain: string): string {
  const name = typed.trim().toLowerCase().replace(/\.$/, "");
  if (name === "") throw badRequest("domain: give a domain name such as acme.com");
  if (/[/:@]/.test(name)) {
    throw badRequest("domain: give the domain name only, such as acme.com: no https://, path or address");
  }
  if (name.length > 253) throw badRequest("domain: at most 253 characters");
  if (!HOSTNAME.test(name)) {
    throw badRequest(
      "domain: not a domain name: use letters, digits, hyphens and dots, such as acme.com or mail.acme.com",
    );
  }
  if (name === inboundDomain || name.endsWith(`.${inboundDomain}`)) {
    throw badRequest(`domain: this service's own inbound domain ${inboundDomain} cannot be a custom domain`);
  }
  return name;
}

/** The Return-Path domain Postmark is given for `domain`: bounces go to a subdomain of it. */
export function returnPathDomainOf(domain: string): string {
  return `pm-bounces.${domain}`;
}
