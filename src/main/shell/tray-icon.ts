/**
 * The tray icon, a speech bubble, as PNG data (16 px and 32 px for high-density screens), so the
 * shell needs no files beside the bundle. `template` is black on transparent: macOS tints it to
 * the menu bar (nativeImage.setTemplateImage). Rendered from an SVG in Chromium.
 */
export const trayIconPng = {
  color16:
    'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA70lEQVR4nKSRvw7BUBTGz22LaNI/i83G4AmEGG1GD8Fgk+AlOtosPIbBVkwiMUjsLBJCI6SDe922NFW5dZv+hpsvN+f78uUcARIiQEIk56kaVgkBHiKAOo+JAMzQU+jMB+rObUDNE16zN09nRTz2G9CPMsSn4geE0vfvmnmWDs6Hl3g937SCktaKVB8Z2g4awg1kTT3lrAchIKYUhhajAlIClrbgjWQZWooKcFA5tI+7A7qYNcTk43EDMIE+/TJj2E3P417tm5pxId4M2WAx01h25UNUlMSoN7VVvblqozv84SeAHmq06Okt4ARBQl4AAAD//xK8of0AAAAGSURBVAMAs6FR/pi6DkMAAAAASUVORK5CYII=',
  color32:
    'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAABy0lEQVR4nOyWv0vDQBTHvy/+mKSJi4s6Keigk4v4YxBUBBHBf0I3waa4iDhaajc3/w6RQnVqqx0E6aSDuLjoYi1YcGieL2q1bVKbpknawQ8Jl3u55L539967U9BmFLSZfwHdtYbpWGFNgXEA8AgRqfAAZn4F6F7u/UxEPa18R5WVmVh+lwiH8BEG6xm9P24RMBt/WQDTBXyG5TIYy1cRLWnWf3yADdpDAMiIqQsIl+uVPjCBgGDiSYsAWfsBBASBBsvPnReGdsi6PZqlONBQK3Y7Gs4AMZZSujZs3rJOq27tbgXcpr7DxSS9EzqT4s6F3bUAO7o8sjsSMD4Xyy+WK/Px/LoUoy7sdfnNhEd5/qOR506Y1rXPvh1FQb0fNWu3o3POA8x4RkDIDD1ZBMiC5BAcNxYBJSCKADC3YybELALM/VlOLuEvLb5RIuady7B2XjZQbYvZaGGMFSNMxCvyehhewHiQkSfJUOLp3VBVZqRG39rlB3FYQ7bU7XREPUaLOMoD1Z1zkUnZyOhqAh7QlAAzfEroWc7qfZ5FjPNExJxjpXcqG+nzNFydpuLEe0jbuN6kIjymoQBxuJPMm7oFnQz4QMMo8Ju2b0YfAAAA//+NneAkAAAABklEQVQDAOoeq/GeUePgAAAAAElFTkSuQmCC',
  template16:
    'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAtklEQVR4nKSTPQrCQBCFZxNBELTTxp/CRk8g5ApewMt4McHSQivBXgvRA2hrEd+EmQTC7maTffCxw2TfYzbsJhSphCKlAWtwBHkgvHfFRiMBF7ChdjqDTANy6ibTszRfss48dZVQm+ADJtJ/grml5j191wQDMJbAoaNOfROwvrKOPHXpj/6Jeg+u1F6FR89zB0uwCDSfwB48jOWjHucGtuDtS3K9hQPImsys1NKbgh34UYAMReoPAAD//0/oF3sAAAAGSURBVAMA9zsqXf9crmAAAAAASUVORK5CYII=',
  template32:
    'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAABZUlEQVR4nOyWvy8EQRTHv3t7iet0EkEnQUKlUkrQXESiI/4HhULjHxCtVi0SrUIiWpVENFQ0FFSXEIWE831uViZrLt7ezswq7pN87jI/bufd7Hs7W0PF1FAx/QBcASzTS9qibU+2zDWb+cXSXHubHtBh2oA/Guaa6/SVXmQDiTVpnp4jPLIjS/RMGvYt2EEc5E9vZY26NTCNeMzAiiajjbh8r115GdaV8x7M92jJ/l9odmCRjhmbJfqd/JUDt3QqN//GzC3SP4Eua/eSA6mnfmgCmKQLVnuFjvfQ3xVtGYZIwuTnQxFACP7Hc8AO4BnxeIIjgGvE4wqOAHYRB8m1vaxh1+gdfUGnjELlxgc6R/GhKwBB3lSO6AAdooPwwz09phv0xB5IFD92lecn3aT7KIn2NLR5o6v0FB4oGoCUj7zPeauYIskmi87Cc7lqA5DtnqOP8EyqmDNC1+g7AqCpgqBUfhh9AQAA///BjAE2AAAABklEQVQDALD5TQq0B7X9AAAAAElFTkSuQmCC',
} as const;

/** The data URLs for this platform: [1x, 2x], and whether macOS should treat them as a template. */
export function trayIconFor(platform: NodeJS.Platform): { x1: string; x2: string; template: boolean } {
  const template = platform === 'darwin';
  const [x1, x2] = template
    ? [trayIconPng.template16, trayIconPng.template32]
    : [trayIconPng.color16, trayIconPng.color32];
  return { x1: `data:image/png;base64,${x1}`, x2: `data:image/png;base64,${x2}`, template };
}
