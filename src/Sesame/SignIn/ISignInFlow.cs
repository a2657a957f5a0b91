namespace Sesame.SignIn;

/// <summary>
/// A provider's behaviour at the endpoints: what <c>POST /signin/{id}</c> and <c>/callback/{id}</c> do for it. The
/// endpoints call these without knowing the kind of provider; every flow ends in the sign-in pipeline
/// (<see cref="SignInFlowContext.CompleteAsync"/>, or the Sesame scheme's <c>SignInAsync</c> for remote handlers).
/// </summary>
internal interface ISignInFlow
{
    /// <summary><c>POST /signin/{id}</c> with a verified CSRF token: start the sign-in (redirect to the identity provider, send a link, …).</summary>
    Task StartAsync(SignInFlowContext context);

    /// <summary><c>GET|POST /callback/{id}</c>, when it reaches the endpoint: finish the sign-in.</summary>
    Task CallbackAsync(SignInFlowContext context);

    /// <summary>
    /// Whether <c>HEAD /callback/{id}</c> is answered 200 without running the callback: links in e-mails are fetched by
    /// mail scanners' prefetches, which must not use them up. Others answer HEAD as next-auth does (400).
    /// </summary>
    bool AnswersHead => false;
}
