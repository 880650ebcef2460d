/**
 * Where a request goes, from a URI or a route set (RFC 3261 §8.1.2, §12.2.1.1, §16.12).
 * DNS procedures of RFC 3263 are not done here: a host name is handed to the transport as is.
 */
import type { NameAddr } from '../message/name-addr.ts';
import { isSipUri, type SipUri, type Uri } from '../message/uri.ts';
import { TransportError } from '../message/errors.ts';
import type { Destination } from '../transaction/transaction-layer.ts';

export function destinationFor(uri: Uri): Destination {
  if (!isSipUri(uri)) throw new TransportError(`Cannot send to a ${uri.scheme}: URI`);
  const transport = (uri.params.get('transport') ?? (uri.scheme === 'sips' ? 'tcp' : 'udp')).toUpperCase();
  const protocol = transport === 'TCP' ? 'TCP' : 'UDP';
  const address = uri.params.get('maddr') ?? uri.host;
  return { protocol, address, port: uri.port ?? (uri.scheme === 'sips' ? 5061 : 5060) };
}

export interface RoutedRequestTarget {
  readonly requestUri: Uri;
  readonly routes: readonly NameAddr[];
  readonly destination: Destination;
}

/**
 * §12.2.1.1: "If the route set is empty, the UAC MUST place the remote target URI into the
 * Request-URI ... If the route set is not empty, and the first URI in the route set contains the
 * lr parameter, the UAC MUST place the remote target URI into the Request-URI and MUST include a
 * Route header field containing the route set values in order ... If the first URI does not
 * contain the lr parameter, the UAC MUST place the first URI from the route set into the
 * Request-URI, stripping any parameters that are not allowed in a Request-URI ... [and] place the
 * remote target URI into the Route header field as the last value."
 */
export function routeRequest(remoteTarget: Uri, routeSet: readonly NameAddr[]): RoutedRequestTarget {
  const first = routeSet[0];
  if (first === undefined) return { requestUri: remoteTarget, routes: [], destination: destinationFor(remoteTarget) };
  if (isSipUri(first.uri) && first.uri.params.has('lr')) {
    return { requestUri: remoteTarget, routes: routeSet, destination: destinationFor(first.uri) };
  }
  const strict = first.uri as SipUri;
  const requestUri: SipUri = {
    ...strict,
    params: new Map([...strict.params].filter(([name]) => name !== 'method' && name !== 'maddr')),
    headers: [],
  };
  return {
    requestUri,
    routes: [...routeSet.slice(1), { uri: remoteTarget, params: new Map() }],
    destination: destinationFor(strict),
  };
}
