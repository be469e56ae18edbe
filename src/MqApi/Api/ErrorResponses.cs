using MqApi.Broker;

namespace MqApi.Api;

/// <summary>The one place broker errors become HTTP statuses and bodies.</summary>
public static class ErrorResponses
{
    public static (int Status, ErrorResponse Body) For(BrokerException exception) => exception.Kind switch
    {
        BrokerErrorKind.NotFound => (StatusCodes.Status404NotFound, new ErrorResponse("Object Not Found", exception.Message)),
        BrokerErrorKind.PreconditionFailed => (StatusCodes.Status400BadRequest, new ErrorResponse("bad_request", exception.Message)),
        BrokerErrorKind.BadArgument => (StatusCodes.Status400BadRequest, new ErrorResponse("bad_request", exception.Message)),
        BrokerErrorKind.AccessRefused => (StatusCodes.Status403Forbidden, new ErrorResponse("access_refused", exception.Message)),
        BrokerErrorKind.ResourceLocked => (StatusCodes.Status400BadRequest, new ErrorResponse("resource_locked", exception.Message)),
        BrokerErrorKind.Rejected => (StatusCodes.Status400BadRequest, new ErrorResponse("rejected", exception.Message)),
        BrokerErrorKind.NotAuthorised => (StatusCodes.Status403Forbidden, new ErrorResponse("not_authorised", exception.Message)),
        _ => (StatusCodes.Status400BadRequest, new ErrorResponse("bad_request", exception.Message)),
    };

    /// <summary>Bodies for statuses the framework produces without one (no route, wrong method, no login).</summary>
    public static ErrorResponse ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => new ErrorResponse("not_authorized", "Login failed"),
        StatusCodes.Status403Forbidden => new ErrorResponse("not_authorised", "Access refused."),
        StatusCodes.Status404NotFound => new ErrorResponse("Object Not Found", "Not Found"),
        StatusCodes.Status405MethodNotAllowed => new ErrorResponse("Method Not Allowed", "The method is not allowed for this resource"),
        StatusCodes.Status413PayloadTooLarge => new ErrorResponse("bad_request", "request body too large"),
        StatusCodes.Status415UnsupportedMediaType => new ErrorResponse("bad_request", "the body must be JSON (Content-Type: application/json)"),
        // A component that failed on the server's side (the Prometheus exporter answers a failed scrape so):
        // the request may be fine, so it must not read as a bad request.
        >= StatusCodes.Status500InternalServerError => new ErrorResponse("internal_server_error", ReasonPhrases(status)),
        _ => new ErrorResponse("bad_request", ReasonPhrases(status)),
    };

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
