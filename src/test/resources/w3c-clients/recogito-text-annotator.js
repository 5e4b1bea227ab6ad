/*! window.RecogitoText: @recogito/text-annotator 4.1.1 (BSD-3-Clause) for Scholion's tests only.
 * Built by src/test/w3c-clients/build.sh (npm ci, esbuild 0.28.2, minified IIFE) from these npm packages:
 *   @recogito/text-annotator 4.1.1 (BSD-3-Clause)
 *   @annotorious/core 3.8.10 (BSD-3-Clause)
 *   hotkeys-js 4.1.2 (MIT)
 *   uuid 14.0.3 (MIT)
 * Their licence texts follow; the packages' own licence comments are at the end of the file.
 */
/* ---- @recogito/text-annotator 4.1.1 ----

BSD 3-Clause License

Copyright (c) 2023, Recogito

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
*/
/* ---- @annotorious/core 3.8.10 ----

BSD 3-Clause License

Copyright (c) 2020, Pelagios Network
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
*/
/* ---- hotkeys-js 4.1.2 ----

MIT License

Copyright (c) 2015-present, Kenny Wong.

Copyright (c) 2011-2013 Thomas Fuchs (https://github.com/madrobby/keymaster)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
*/
/* ---- uuid 14.0.3 ----

The MIT License (MIT)

Copyright (c) 2010-2020 Robert Kieffer and other contributors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
*/
var RecogitoText=(()=>{var Y=Object.defineProperty;var he=Object.getOwnPropertyDescriptor;var ge=Object.getOwnPropertyNames;var me=Object.prototype.hasOwnProperty;var ye=(e,t)=>{for(var n in t)Y(e,n,{get:t[n],enumerable:!0})},Ae=(e,t,n,o)=>{if(t&&typeof t=="object"||typeof t=="function")for(let r of ge(t))!me.call(e,r)&&r!==n&&Y(e,r,{get:()=>t[r],enumerable:!(o=he(t,r))||o.enumerable});return e};var we=e=>Ae(Y({},"__esModule",{value:!0}),e);var Je={};ye(Je,{W3CTextFormat:()=>de,createBody:()=>X,parseW3CTextAnnotation:()=>z,rangeToSelector:()=>le,reviveSelector:()=>W,reviveTarget:()=>ce,serializeW3CTextAnnotation:()=>F});var y=[];for(let e=0;e<256;++e)y.push((e+256).toString(16).slice(1));function q(e,t=0){return(y[e[t+0]]+y[e[t+1]]+y[e[t+2]]+y[e[t+3]]+"-"+y[e[t+4]]+y[e[t+5]]+"-"+y[e[t+6]]+y[e[t+7]]+"-"+y[e[t+8]]+y[e[t+9]]+"-"+y[e[t+10]]+y[e[t+11]]+y[e[t+12]]+y[e[t+13]]+y[e[t+14]]+y[e[t+15]]).toLowerCase()}var Ee=new Uint8Array(16);function K(){return crypto.getRandomValues(Ee)}function be(e,t,n){return!t&&!e&&crypto.randomUUID?crypto.randomUUID():ve(e,t,n)}function ve(e,t,n){e=e||{};let o=e.random??e.rng?.()??K();if(o.length<16)throw new Error("Random bytes length must be >= 16");if(o[6]=o[6]&15|64,o[8]=o[8]&63|128,t){if(n=n||0,n<0||n+16>t.length)throw new RangeError(`UUID byte range ${n}:${n+15} is out of buffer bounds`);for(let r=0;r<16;++r)t[n+r]=o[r];return t}return q(o)}var D=be;var st=globalThis.nanostoresGlobal||(globalThis.nanostoresGlobal={epoch:0});var A=[];for(let e=0;e<256;++e)A.push((e+256).toString(16).slice(1));function xe(e,t=0){return(A[e[t+0]]+A[e[t+1]]+A[e[t+2]]+A[e[t+3]]+"-"+A[e[t+4]]+A[e[t+5]]+"-"+A[e[t+6]]+A[e[t+7]]+"-"+A[e[t+8]]+A[e[t+9]]+"-"+A[e[t+10]]+A[e[t+11]]+A[e[t+12]]+A[e[t+13]]+A[e[t+14]]+A[e[t+15]]).toLowerCase()}var Se=new Uint8Array(16);function Ce(){return crypto.getRandomValues(Se)}function Le(e,t,n){return crypto.randomUUID?crypto.randomUUID():Oe(e)}function Oe(e,t,n){var o;e=e||{};let r=e.random??((o=e.rng)==null?void 0:o.call(e))??Ce();if(r.length<16)throw new Error("Random bytes length must be >= 16");return r[6]=r[6]&15|64,r[8]=r[8]&63|128,xe(r)}var X=(e,t,n,o)=>({id:Le(),annotation:typeof e=="string"?e:e.id,created:n||new Date,creator:o,...t});var Te="useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";var ke=(e=21)=>{let t="",n=crypto.getRandomValues(new Uint8Array(e|=0));for(;e--;)t+=Te[n[e]&63];return t};var Be=e=>{let t=JSON.stringify(e),n=0;for(let o=0,r=t.length;o<r;o++){let a=t.charCodeAt(o);n=(n<<5)-n+a,n|=0}return`${n}`},V=e=>e?typeof e=="object"?{...e}:e:void 0,G=(e,t)=>(Array.isArray(e)?e:[e]).map(n=>{let{id:o,type:r,purpose:a,value:s,created:l,modified:i,creator:d,...u}=n;return{id:o||`temp-${Be(n)}`,annotation:t,type:r,purpose:a,value:s,creator:V(d),created:l?new Date(l):void 0,updated:i?new Date(i):void 0,...u}}),Q=e=>e.map(t=>{var n;let{annotation:o,created:r,updated:a,...s}=t,l={...s,created:r?.toISOString(),modified:a?.toISOString()};return(n=l.id)!=null&&n.startsWith("temp-")&&delete l.id,l});globalThis.ANNOTORIOUS_PRESENCE_KEY||(globalThis.ANNOTORIOUS_PRESENCE_KEY=ke());var lt=globalThis.ANNOTORIOUS_PRESENCE_KEY;var P=typeof navigator<"u"?navigator.userAgent.toLowerCase().indexOf("firefox")>0:!1;function R(e,t,n,o){e.addEventListener?e.addEventListener(t,n,o):e.attachEvent&&e.attachEvent(`on${t}`,n)}function L(e,t,n,o){e&&(e.removeEventListener?e.removeEventListener(t,n,o):e.detachEvent&&e.detachEvent(`on${t}`,n))}function Re(e,t){let n=t.slice(0,t.length-1),o=[];for(let r=0;r<n.length;r++)o.push(e[n[r].toLowerCase()]);return o}function ee(e){typeof e!="string"&&(e=""),e=e.replace(/\s/g,"");let t=e.split(","),n=t.lastIndexOf("");for(;n>=0;)t[n-1]+=",",t.splice(n,1),n=t.lastIndexOf("");return t}function Me(e,t){let n=e.length>=t.length?e:t,o=e.length>=t.length?t:e,r=!0;for(let a=0;a<n.length;a++)o.indexOf(n[a])===-1&&(r=!1);return r}function te(e,t,n){let o=e.keyCode||e.which||e.charCode;if(o&&e.code&&/^Numpad/.test(e.code))return o;if(e.key){let r=e.key.toLowerCase();if(r in t)return t[r];if(r in n)return n[r];if(/^[0-9]$/.test(e.key))return e.key.charCodeAt(0);if(/^[a-z]$/i.test(e.key))return e.key.toUpperCase().charCodeAt(0)}return e.code&&/^Key[A-Z]$/.test(e.code)&&(o=e.code.charCodeAt(3)),o}var O={backspace:8,"⌫":8,tab:9,clear:12,enter:13,"↩":13,return:13,esc:27,escape:27,space:32,left:37,up:38,right:39,down:40,arrowup:38,arrowdown:40,arrowleft:37,arrowright:39,del:46,delete:46,ins:45,insert:45,home:36,end:35,pageup:33,pagedown:34,capslock:20,num_0:96,num_1:97,num_2:98,num_3:99,num_4:100,num_5:101,num_6:102,num_7:103,num_8:104,num_9:105,num_multiply:106,num_add:107,num_enter:108,num_subtract:109,num_decimal:110,num_divide:111,"⇪":20,",":188,".":190,"/":191,"`":192,"-":P?173:189,"=":P?61:187,";":P?59:186,"'":222,"{":219,"}":221,"[":219,"]":221,"\\":220},E={"⇧":16,shift:16,"⌥":18,alt:18,option:18,"⌃":17,ctrl:17,control:17,"⌘":91,cmd:91,meta:91,command:91},M={16:"shiftKey",18:"altKey",17:"ctrlKey",91:"metaKey",shiftKey:16,ctrlKey:17,altKey:18,metaKey:91},p={16:!1,18:!1,17:!1,91:!1},h={};for(let e=1;e<20;e++)O[`f${e}`]=111+e;var f=[],_=null,T=null,k=null,ne="all",x=new Map,C=e=>O[e.toLowerCase()]||E[e.toLowerCase()]||e.toUpperCase().charCodeAt(0),_e=e=>Object.keys(O).find(t=>O[t]===e),Ne=e=>Object.keys(E).find(t=>E[t]===e),oe=e=>{ne=e||"all"},N=()=>ne||"all",Ue=()=>f.slice(0),Ie=()=>f.map(e=>_e(e)||Ne(e)||String.fromCharCode(e)),Ye=()=>{let e=[];return Object.keys(h).forEach(t=>{h[t].forEach(({key:n,scope:o,mods:r,shortcut:a,splitKey:s})=>{e.push({scope:o,shortcut:a,mods:r,keys:n.split(s).map(l=>C(l))})})}),e},re=e=>{let t=e.composedPath&&e.composedPath()[0]||e.target||e.srcElement,{tagName:n}=t,o=!0,r=n==="INPUT"&&!["checkbox","radio","range","button","file","reset","submit","color"].includes(t.type);return(t.isContentEditable||(r||n==="TEXTAREA"||n==="SELECT")&&!t.readOnly)&&(o=!1),o},Ke=e=>(typeof e=="string"&&(e=C(e)),f.indexOf(e)!==-1),De=(e,t)=>{let n,o;e||(e=N());for(let r in h)if(Object.prototype.hasOwnProperty.call(h,r))for(n=h[r],o=0;o<n.length;)n[o].scope===e?n.splice(o,1).forEach(({element:s})=>H(s)):o++;N()===e&&oe(t||"all")};function Xe(e){let t=te(e,O,E);e.key&&e.key.toLowerCase()==="capslock"&&(t=C(e.key));let n=f.indexOf(t);if(n>=0&&f.splice(n,1),e.key&&e.key.toLowerCase()==="meta"&&f.splice(0,f.length),(t===93||t===224)&&(t=91),t in p){p[t]=!1;for(let o in E)E[o]===t&&(S[o]=!1)}}var ie=(e,...t)=>{if(typeof e>"u")Object.keys(h).forEach(n=>{Array.isArray(h[n])&&h[n].forEach(o=>U(o)),delete h[n]}),H(null);else if(Array.isArray(e))e.forEach(n=>{n.key&&U(n)});else if(typeof e=="object")e.key&&U(e);else if(typeof e=="string"){let[n,o]=t;typeof n=="function"&&(o=n,n=""),U({key:e,scope:n,method:o,splitKey:"+"})}},U=({key:e,scope:t,method:n,splitKey:o="+"})=>{ee(e).forEach(a=>{let s=a.split(o),l=s.length,i=s[l-1],d=i==="*"?"*":C(i);if(!h[d])return;t||(t=N());let u=s.map(C),m=[];h[d]=h[d].filter(g=>{let c=(n?g.method===n:!0)&&g.scope===t&&Me(g.key.split(g.splitKey).map(C),u);return c&&m.push(g.element),!c}),m.forEach(g=>H(g))})};function J(e,t,n,o){if(t.element!==o)return;let r;if(t.scope===n||t.scope==="all"){r=t.mods.length>0;for(let a in p)Object.prototype.hasOwnProperty.call(p,a)&&(!p[a]&&t.mods.indexOf(+a)>-1||p[a]&&t.mods.indexOf(+a)===-1)&&(r=!1);(t.mods.length===0&&!p[16]&&!p[18]&&!p[17]&&!p[91]||r||t.shortcut==="*")&&(t.keys=[],t.keys=t.keys.concat(f),t.method(e,t)===!1&&(e.preventDefault?e.preventDefault():e.returnValue=!1,e.stopPropagation&&e.stopPropagation(),e.cancelBubble&&(e.cancelBubble=!0)))}}function Z(e,t){let n=h["*"],o=te(e,O,E);if(e.key&&e.key.toLowerCase()==="capslock"||!(S.filter||re).call(this,e))return;if((o===93||o===224)&&(o=91),f.indexOf(o)===-1&&o!==229&&f.push(o),["metaKey","ctrlKey","altKey","shiftKey"].forEach(i=>{let d=M[i];e[i]&&f.indexOf(d)===-1?f.push(d):!e[i]&&f.indexOf(d)>-1?f.splice(f.indexOf(d),1):i==="metaKey"&&e[i]&&(f=f.filter(u=>u in M||u===o))}),o in p){p[o]=!0;for(let i in E)if(Object.prototype.hasOwnProperty.call(E,i)){let d=M[E[i]];S[i]=e[d]}if(!n)return}for(let i in p)Object.prototype.hasOwnProperty.call(p,i)&&(p[i]=e[M[i]]);e.getModifierState&&!(e.altKey&&!e.ctrlKey)&&e.getModifierState("AltGraph")&&(f.indexOf(17)===-1&&f.push(17),f.indexOf(18)===-1&&f.push(18),p[17]=!0,p[18]=!0);let a=N();if(n)for(let i=0;i<n.length;i++)(e.type==="keydown"&&n[i].keydown||e.type==="keyup"&&n[i].keyup)&&J(e,n[i],a,t);if(!(o in h))return;let s=h[o],l=s.length;for(let i=0;i<l;i++)if((e.type==="keydown"&&s[i].keydown||e.type==="keyup"&&s[i].keyup)&&s[i].key){let d=s[i],{splitKey:u}=d,m=d.key.split(u),g=[];for(let v=0;v<m.length;v++)g.push(C(m[v]));g.sort().join("")===f.sort().join("")&&J(e,d,a,t)}}var S=function e(t,n,o){f=[];let r=ee(t),a=[],s="all",l=document,i=0,d=!1,u=!0,m="+",g=!1,v=!1;if(o===void 0&&typeof n=="function"&&(o=n),Object.prototype.toString.call(n)==="[object Object]"){let c=n;c.scope&&(s=c.scope),c.element&&(l=c.element),c.keyup&&(d=c.keyup),c.keydown!==void 0&&(u=c.keydown),c.capture!==void 0&&(g=c.capture),typeof c.splitKey=="string"&&(m=c.splitKey),c.single===!0&&(v=!0)}for(typeof n=="string"&&(s=n),v&&ie({key:t,scope:s,splitKey:m});i<r.length;i++){let c=r[i].split(m);a=[],c.length>1&&(a=Re(E,c));let w=c[c.length-1];w=w==="*"?"*":C(w),w in h||(h[w]=[]),h[w].push({keyup:d,keydown:u,scope:s,mods:a,shortcut:r[i],method:o,key:r[i],splitKey:m,element:l})}if(typeof l<"u"&&typeof window<"u"){if(!x.has(l)){let c=(b=window.event)=>Z(b,l),w=(b=window.event)=>{Z(b,l),Xe(b)};x.set(l,{keydownListener:c,keyupListenr:w,capture:g}),R(l,"keydown",c,g),R(l,"keyup",w,g)}if(!_){let c=w=>{if(w.target===window){f=[];for(let b in p)p[b]=!1;for(let b in E)e[b]=!1}};_={listener:c,capture:g},R(window,"focus",c,g),R(window,"blur",c,g)}if(!T&&typeof document<"u"){let c=()=>{f=[];for(let B in p)p[B]=!1;for(let B in E)e[B]=!1},w=c,b=c;document.addEventListener("fullscreenchange",w),document.addEventListener("webkitfullscreenchange",b),T={fullscreen:w,webkit:b}}k||(k=()=>{f=[];for(let c in p)p[c]=!1;for(let c in E)e[c]=!1},R(window,"afterprint",k))}};function Ve(e,t="all"){Object.keys(h).forEach(n=>{h[n].filter(r=>r.scope===t&&(r.shortcut===e||r.shortcut==="*")).forEach(r=>{r&&r.method&&r.method({},r)})})}function H(e){let t=Object.values(h).flat(),n=t.findIndex(({element:o})=>o===e);if(t.length<=0||x.size<=0){if(Array.from(x.keys()).forEach(r=>{let{keydownListener:a,keyupListenr:s,capture:l}=x.get(r)||{};a&&s&&(L(r,"keyup",s,l),L(r,"keydown",a,l),x.delete(r))}),x.clear(),Object.keys(h).forEach(r=>delete h[r]),_){let{listener:r,capture:a}=_;L(window,"focus",r,a),L(window,"blur",r,a),_=null}T&&typeof document<"u"&&(document.removeEventListener("fullscreenchange",T.fullscreen),document.removeEventListener("webkitfullscreenchange",T.webkit),T=null),k&&(L(window,"afterprint",k),k=null);return}if(n<0&&e){let{keydownListener:o,keyupListenr:r,capture:a}=x.get(e)||{};o&&r&&(L(e,"keyup",r,a),L(e,"keydown",o,a),x.delete(e))}}var $={getPressedKeyString:Ie,setScope:oe,getScope:N,deleteScope:De,getPressedKeyCodes:Ue,getAllKeyCodes:Ye,isPressed:Ke,filter:re,trigger:Ve,unbind:ie,keyMap:O,modifier:E,modifierMap:M};for(let e in $){let t=e;Object.prototype.hasOwnProperty.call($,t)&&(S[t]=$[t])}if(typeof window<"u"){let e=window.hotkeys;S.noConflict=t=>(t&&window.hotkeys===S&&(window.hotkeys=e),S),window.hotkeys=S}var He=typeof navigator<"u"&&navigator.platform.startsWith("Mac"),je="not-annotatable",se=`.${je}`;var j=e=>{let t=e.cloneContents();return t.querySelectorAll(se).forEach(n=>n.remove()),t};var ae=new Intl.Segmenter(void 0,{granularity:"grapheme"}),We=(e,t,n=10,o)=>{let r=o?e.startContainer.parentElement.closest(o):t,a=document.createRange();a.setStart(r,0),a.setEnd(e.startContainer,e.startOffset);let s=j(a).textContent,l=document.createRange();l.setStart(e.endContainer,e.endOffset),r===document.body?l.setEnd(r,r.childNodes.length):l.setEndAfter(r);let i=j(l).textContent,d=[...ae.segment(s)],u=[...ae.segment(i)];return{prefix:d.slice(-n).map(m=>m.segment).join(""),suffix:u.slice(0,n).map(m=>m.segment).join("")}},le=(e,t,n)=>{let o=document.createRange(),r=n?e.startContainer.parentElement.closest(n):t;o.setStart(r,0),o.setEnd(e.startContainer,e.startOffset);let a=j(o).textContent,s=e.toString(),l=a.length||0,i=l+s.length;return n?{quote:s,start:l,end:i,range:e,offsetReference:r}:{quote:s,start:l,end:i,range:e}},ze=e=>e.every(t=>t.range instanceof Range&&!t.range.collapsed),W=(e,t)=>{let{start:n,end:o}=e,r=e.offsetReference||t,a=document.createTreeWalker(t,NodeFilter.SHOW_TEXT,u=>u.parentElement?.closest(se)?NodeFilter.FILTER_SKIP:NodeFilter.FILTER_ACCEPT),s=0,l=document.createRange(),i=a.nextNode();i===null&&console.error("Could not revive annotation target. Content missing.");let d=!r;for(;i!==null;){if(d||(d=typeof r?.contains=="function"?r.contains(i):!1),d){let u=i.textContent?.length||0;if(s+u>n){l.setStart(i,n-s);break}s+=u}i=a.nextNode()}for(;i!==null;){let u=i.textContent?.length||0;if(s+u>=o){l.setEnd(i,o-s);break}s+=u,i=a.nextNode()}return{...e,range:l}},ce=(e,t)=>ze(e.selector)?e:{...e,selector:e.selector.map(n=>n.range instanceof Range&&!n.range.collapsed?n:W(n,t))};var de=(e,t)=>({parse:n=>z(n),serialize:n=>F(n,e,t)}),Fe=e=>e.quote!==void 0&&e.start!==void 0&&e.end!==void 0,qe=e=>{let{id:t,creator:n,created:o,modified:r,target:a}=e,s=Array.isArray(a)?a:[a];if(s.length===0)return{error:Error(`No targets found for annotation: ${e.id}`)};let l={creator:V(n),created:o?new Date(o):void 0,updated:r?new Date(r):void 0,annotation:t,selector:[],styleClass:"styleClass"in s[0]?s[0].styleClass:void 0};for(let i of s){let d=(Array.isArray(i.selector)?i.selector:[i.selector]).reduce((u,m)=>{switch(m.type){case"TextQuoteSelector":u.quote=m.exact;break;case"TextPositionSelector":u.start=m.start,u.end=m.end;break}return u},{});if(Fe(d))l.selector.push({...d,id:i.id,scope:i.scope});else{let u=[d.start?void 0:"TextPositionSelector",d.quote?void 0:"TextQuoteSelector"].filter(Boolean);return{error:Error(`Missing selector types: ${u.join(" and ")} for annotation: ${e.id}`)}}}return{parsed:l}},z=e=>{let t=e.id||D(),{creator:n,created:o,modified:r,body:a,...s}=e,l=G(a,t),i=qe(e);return"error"in i?{error:i.error}:{parsed:{...s,id:t,bodies:l,target:i.parsed}}},F=(e,t,n)=>{let{bodies:o,target:r,...a}=e,{selector:s,creator:l,created:i,updated:d,...u}=r,m=s.map(g=>{let{id:v,quote:c,start:w,end:b,range:B}=g,I={type:"TextQuoteSelector",exact:c};if(n){let{prefix:fe,suffix:pe}=We(B,n);I.prefix=fe,I.suffix=pe}let ue={type:"TextPositionSelector",start:w,end:b};return{...u,id:v,scope:"scope"in g?g.scope:void 0,source:t,selector:[I,ue]}});return{...a,"@context":"http://www.w3.org/ns/anno.jsonld",id:e.id,type:"Annotation",body:Q(e.bodies),creator:l,created:i?.toISOString(),modified:d?.toISOString(),target:m}};var Ge=["up","down","left","right"],Qe=He?"⌘+a":"ctrl+a",Mt=[...Ge.map(e=>`shift+${e}`),Qe];return we(Je);})();
/*! Bundled license information:

hotkeys-js/dist/hotkeys-js.js:
  (*!
   * hotkeys-js v4.1.2
   * A simple micro-library for defining and dispatching keyboard shortcuts. It has no dependencies.
   * 
   * @author kenny wong <wowohoo@qq.com>
   * @license MIT
   * @homepage https://jaywcjlove.github.io/hotkeys-js
   *)
*/
