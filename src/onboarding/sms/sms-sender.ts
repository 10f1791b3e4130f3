/**
 * Sends one text message. Onboarding depends on this interface only, so a deployment picks the
 * console sender for development or a real provider without the caller knowing which.
 * Implementations must treat the number as personal data: mask it in anything they log or throw.
 */
export interface SmsSender {
  readonly name: string;
  /** `to` in E.164 (callers normalise it with parsePhone first); resolves with the provider's message id. */
  send(to: string, body: string): Promise<{ id: string }>;
}
