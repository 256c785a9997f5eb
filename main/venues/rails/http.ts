/**
 * How a non-2xx Rails REST answer reads in the engine's terms: the status
 * decides the category, the body's message (when it has one) explains. The
 * axios setup and transport errors are the venues' shared ones.
 */
import type { AxiosResponse } from 'axios';
import type { VenueError } from '../../core/venue.ts';
import { bodyText, httpStatusError } from '../shared/http.ts';
import { errorBodyMessage } from './parse.ts';

export function statusError(response: AxiosResponse): VenueError {
  const message = errorBodyMessage(bodyText(response)) || `HTTP ${response.status}`;
  return httpStatusError(response, String(response.status), message);
}
