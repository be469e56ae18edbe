namespace MqApi.Hosting;

/// <summary>
/// Swagger UI and the OpenAPI document under <c>/swagger</c>, with their middleware built on the first
/// request there rather than at start: Swashbuckle's UI (its embedded files) and generator otherwise load
/// with the server, about 1.5 MiB that stayed resident in a broker whose docs nobody opened. What is served
/// is the same as <c>UseSwagger()</c> and <c>UseSwaggerUI()</c> at this point of the pipeline.
/// </summary>
public static class ApiDocsOnDemand
{
    public const string PathPrefix = "/swagger";

    public static void UseRestApiDocsOnDemand(this WebApplication app)
    {
        IApplicationBuilder root = app;
        app.Use(next =>
        {
            var docs = new Lazy<RequestDelegate>(() => BuildDocs(root, next));
            return context => context.Request.Path.StartsWithSegments(PathPrefix) ? ServeDocsAsync(docs, context) : next(context);
        });
    }

    // Building the docs (and the document itself) is loading and reflection, tens of milliseconds: off the
    // socket thread this request may run on (InlineIoScheduling), which serves other connections meanwhile.
    private static async Task ServeDocsAsync(Lazy<RequestDelegate> docs, HttpContext context)
    {
        await Task.Yield();
        await docs.Value(context);
    }

    // Its own method, so that Swashbuckle's types are first touched on the first request for the docs.
    private static RequestDelegate BuildDocs(IApplicationBuilder root, RequestDelegate next)
    {
        var docs = root.New();
        docs.UseSwagger();
        docs.UseSwaggerUI();
        docs.Run(next); // paths under /swagger the docs do not serve go on down the pipeline
        return docs.Build();
    }
}
