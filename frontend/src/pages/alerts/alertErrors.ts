// A failed acknowledge or resolve, in plain words.
import { ApiError, describeError } from '../../api/client';
import { STATUSES, type AlertStatus } from './alertText';

/** The server's message without its leading `field: ` and final period. */
function reason(error: ApiError): string {
  const body = error.body;
  if (!body) return '';
  let message = body.message.trim();
  if (body.field && message.startsWith(`${body.field}: `))
    message = message.slice(body.field.length + 2);
  return message.replace(/\.$/, '');
}

/** Why moving an alert to `target` failed, and what the person can do. */
export function changeErrorText(error: unknown, target: AlertStatus): string {
  const verb = STATUSES[target].verb.toLowerCase();
  if (error instanceof ApiError) {
    const why = reason(error);
    switch (error.status) {
      case 409:
        return `The alert could not be ${verb}d: ${why || 'it has moved on'}. Someone may have changed it meanwhile; it now shows its current status.`;
      case 422:
        return error.body?.field === 'note'
          ? `The note was not accepted: ${why || 'it is too long'}. Shorten it and try again.`
          : `The change was not accepted: ${why || 'the server refused it'}.`;
      case 403:
        return `Your role may read this alert but not ${verb} it. An administrator, the team's supervisor or the alert's account manager can.`;
      case 404:
        return 'This alert no longer exists, or is no longer visible to you. The list has been refreshed.';
    }
  }
  return describeError(error);
}
