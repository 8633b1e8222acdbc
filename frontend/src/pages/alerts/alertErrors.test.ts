import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/client';
import { changeErrorText } from './alertErrors';

describe('changeErrorText', () => {
  it('explains a move the alert cannot make', () => {
    const error = new ApiError(409, {
      code: 'conflict',
      field: 'status',
      message: 'status: the alert is already acknowledged',
    });
    expect(changeErrorText(error, 'acknowledged')).toBe(
      'The alert could not be acknowledged: the alert is already acknowledged. Someone may have changed it meanwhile; it now shows its current status.',
    );
  });

  it('explains a note that is too long', () => {
    const error = new ApiError(422, {
      code: 'unprocessable',
      field: 'note',
      message: 'note: at most 2000 characters',
    });
    expect(changeErrorText(error, 'resolved')).toBe(
      'The note was not accepted: at most 2000 characters. Shorten it and try again.',
    );
  });

  it('says who may act when the role may not', () => {
    const error = new ApiError(403, {
      code: 'forbidden',
      message: 'your role may read this alert, not change it',
    });
    expect(changeErrorText(error, 'resolved')).toMatch(
      /^Your role may read this alert but not resolve it\./,
    );
  });

  it('falls back to the app’s plain words for anything else', () => {
    expect(changeErrorText(ApiError.network(new TypeError('failed')), 'resolved')).toBe(
      'Gapscope could not be reached. Check your connection, then try again.',
    );
    expect(changeErrorText(new ApiError(409, null), 'acknowledged')).toMatch(
      /could not be acknowledged: it has moved on/,
    );
  });
});
