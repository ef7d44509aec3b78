/*
 * Material for MkDocs' inline head script (partials/javascripts/base.html), as a file: the pages'
 * Content-Security-Policy allows no inline script. Material writes the site's root as a relative URL
 * into the inline script; a file finds it from its own address (this file is <root>/assets/javascripts/).
 * The rest is Material's code as it ships: local storage of the reader's choices, scoped to the site.
 */
__md_scope=new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
