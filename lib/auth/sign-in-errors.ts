// Sign-in refusals the sign-in form explains itself (no server imports: the form uses it too).
export const EMAIL_NOT_CONFIRMED = "EmailNotConfirmed";
